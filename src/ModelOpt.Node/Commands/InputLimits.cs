using System.Text.RegularExpressions;
using ModelOpt.Client.Errors;

namespace ModelOpt.Node.Commands;

/// <summary>What the endpoint accepts: bounded bodies, specs, trial counts and names.</summary>
public static partial class InputLimits
{
    public const int MaxSpecBytes = 256 * 1024;
    public const int MaxBodyBytes = MaxSpecBytes + 16 * 1024;
    public const int MaxTrials = 100_000;
    public const int MaxNameLength = 128;
    public const int MaxNodeLength = 256;

    /// <summary>Search and trial ids: letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public static void CheckId(string path, string? value)
    {
        if (string.IsNullOrEmpty(value)) throw CommandException.BadRequest(path, "is required");
        if (value.Length > MaxNameLength) throw CommandException.BadRequest(path, $"is longer than {MaxNameLength} characters");
        if (!IdPattern().IsMatch(value)) throw CommandException.BadRequest(path, $"'{value}' may hold only letters, digits, '.', '_' and '-', and must start with a letter or digit");
    }

    public static void CheckNode(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) throw CommandException.BadRequest(path, "is required");
        if (value.Length > MaxNodeLength) throw CommandException.BadRequest(path, $"is longer than {MaxNodeLength} characters");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
