using System.Text.RegularExpressions;
using ModelOpt.Client.Errors;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node.Commands;

/// <summary>
/// What the endpoint accepts: bounded bodies and names. A spec's own limits (size, trials, parameters, ...) are
/// <see cref="SpecLimits.Submission"/>, the same for every way a spec comes in.
/// </summary>
public static partial class InputLimits
{
    /// <summary>
    /// Room for the largest spec however JSON escapes it (a character such as <c>'</c> or <c>&lt;</c> becomes the six
    /// bytes <c>\u0027</c>), so that the spec's limit, not the body's, is what a client runs into.
    /// </summary>
    public static readonly int MaxBodyBytes = 6 * SpecLimits.Submission.MaxSpecBytes + 16 * 1024;
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

    public const int MaxMetrics = 256;
    public const int MaxReasonLength = 4096;

    /// <summary>A metrics map from a client: at most <see cref="MaxMetrics"/> names of up to <see cref="MaxNameLength"/> characters.</summary>
    public static void CheckMetrics(string path, IReadOnlyDictionary<string, double>? metrics, bool required)
    {
        if (metrics is null)
        {
            if (required) throw CommandException.BadRequest(path, "is required: an object of metric name → number");
            return;
        }
        if (metrics.Count > MaxMetrics) throw CommandException.BadRequest(path, $"holds {metrics.Count} metrics; at most {MaxMetrics}");
        foreach (var name in metrics.Keys)
            if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
                throw CommandException.BadRequest($"{path}.{name}", $"a metric name must be 1 to {MaxNameLength} printable characters");
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex IdPattern();
}
