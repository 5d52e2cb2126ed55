using System.Security.Cryptography;
using System.Text;

namespace ModelOpt.Node.Endpoint;

public enum Access { None, ReadOnly, Full }

/// <summary>
/// The bearer tokens the endpoint accepts. Only their SHA-256 hashes are kept, and a presented token is compared with
/// each in constant time, so neither timing nor a memory dump of this object reveals a token.
/// </summary>
public sealed class AccessTokens
{
    private readonly IReadOnlyList<byte[]> _full;
    private readonly IReadOnlyList<byte[]> _readOnly;

    public AccessTokens(IEnumerable<string> full, IEnumerable<string> readOnly)
    {
        _full = [.. full.Select(Hash)];
        _readOnly = [.. readOnly.Select(Hash)];
    }

    public bool IsEmpty => _full.Count == 0;

    /// <summary>
    /// The tokens of <paramref name="options"/>: each file's first line and each variable's value. Throws
    /// <see cref="ArgumentException"/> naming a token file that is missing or empty.
    /// </summary>
    public static AccessTokens From(CommandEndpointOptions options) => new(
        Values(options.TokenFile, options.Token, "--token-file"),
        Values(options.ReadOnlyTokenFile, options.ReadOnlyToken, "--readonly-token-file"));

    public Access Check(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return Access.None;
        var hash = Hash(presented);
        // Every candidate is compared, so the time taken does not depend on which one (if any) matched.
        var full = false;
        var readOnly = false;
        foreach (var token in _full) full |= CryptographicOperations.FixedTimeEquals(hash, token);
        foreach (var token in _readOnly) readOnly |= CryptographicOperations.FixedTimeEquals(hash, token);
        return full ? Access.Full : readOnly ? Access.ReadOnly : Access.None;
    }

    private static List<string> Values(string? file, string? value, string option)
    {
        var values = new List<string>();
        if (file is not null)
        {
            var token = File.Exists(file) ? File.ReadLines(file).FirstOrDefault()?.Trim() : null;
            if (string.IsNullOrEmpty(token)) throw new ArgumentException($"{option}: '{file}' is missing or empty");
            values.Add(token);
        }
        if (!string.IsNullOrWhiteSpace(value)) values.Add(value.Trim());
        return values;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
