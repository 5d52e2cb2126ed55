using System.Text.Json;

namespace ModelOpt.Client;

/// <summary>
/// Where a program finds its endpoint and token, the same places <c>mopt</c> looks: the address given, else
/// <c>MOPT_HOST</c>, else the context file (<c>$XDG_CONFIG_HOME/modelopt/context.json</c> or
/// <c>~/.config/modelopt/context.json</c>, written by <c>mopt run</c>), else <c>localhost:9110</c>; the token from
/// <c>MOPT_TOKEN</c>, else the first line of <c>MOPT_TOKEN_FILE</c>, else the context file's token file. Tokens are
/// never taken from a command line (it shows in process lists).
/// </summary>
public static class ClientEnvironment
{
    /// <summary>Options for <see cref="ModelOptClient"/>; <paramref name="address"/> is <c>host:port</c> or an http(s) URL.</summary>
    public static ModelOptClientOptions Options(string? address = null, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var context = ReadContext(environment);
        var host = address ?? NonEmpty(environment("MOPT_HOST")) ?? context?.Host ?? $"localhost:{ModelOptClientOptions.DefaultPort}";
        var token = NonEmpty(environment("MOPT_TOKEN"))?.Trim()
                    ?? (NonEmpty(environment("MOPT_TOKEN_FILE")) is { } file ? ReadToken(file)
                        : context?.TokenFile is { } contextFile && File.Exists(contextFile) ? ReadToken(contextFile) : null);
        return new ModelOptClientOptions(ParseAddress(host), token);
    }

    /// <summary>The first line of a token file (a Kubernetes Secret mounted as a file, the local token of <c>mopt run</c>).</summary>
    public static string ReadToken(string path)
    {
        string? token;
        try
        {
            token = File.ReadLines(path).FirstOrDefault()?.Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"cannot read the token file '{path}': {e.Message}", nameof(path), e);
        }
        return string.IsNullOrEmpty(token) ? throw new ArgumentException($"the token file '{path}' is empty", nameof(path)) : token;
    }

    private static Uri ParseAddress(string host)
    {
        var text = host.Contains("://", StringComparison.Ordinal) ? host : $"http://{host}";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{host}' is not an endpoint address: expected host:port or an http(s) URL, e.g. localhost:{ModelOptClientOptions.DefaultPort}");
        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    private sealed record Context(string? Host, string? TokenFile);

    private static Context? ReadContext(Func<string, string?> environment)
    {
        var root = NonEmpty(environment("XDG_CONFIG_HOME")) ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        var path = Path.Combine(root, "modelopt", "context.json");
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Context>(File.ReadAllText(path), CommandJson.Responses) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{path}: not a readable context file ({e.Message})", e);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
