using System.Globalization;

namespace ModelOpt.Search.Specs;

/// <summary>
/// What a submitted spec may cost to read: its size, how far YAML aliases may expand it, how deep it nests, how many
/// parameters and categorical values its space has, and how many trials its budget asks for. Every way a spec comes
/// in (<c>mopt run</c>, <c>search submit</c>, the command endpoint, a message to the search entity) reads it through
/// <see cref="SpecParser"/> with <see cref="Submission"/>, so the limits are the same on every path. A spec the
/// journal already holds was accepted under whatever limits applied then: recovery reads it with
/// <see cref="Accepted"/>, so tightening a limit never makes an old journal unreadable.
/// </summary>
public sealed record SpecLimits
{
    /// <summary>The limits every submitted spec is held to (docs/spec.md, "Limits").</summary>
    public static SpecLimits Submission { get; } = new();

    /// <summary>No limits: for specs the journal holds, which were accepted when they were submitted.</summary>
    public static SpecLimits Accepted { get; } = new()
    {
        MaxSpecBytes = int.MaxValue,
        MaxNodes = long.MaxValue,
        MaxDepth = int.MaxValue,
        MaxParameters = int.MaxValue,
        MaxCategoricalValues = int.MaxValue,
        MaxTrials = int.MaxValue,
        MaxErrors = int.MaxValue,
    };

    /// <summary>Bytes of UTF-8 text.</summary>
    public int MaxSpecBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// YAML nodes (scalars, lists and mappings) once every alias is expanded. A spec of <see cref="MaxSpecBytes"/>
    /// written out without aliases stays under it; an alias bomb ("billion laughs") does not.
    /// </summary>
    public long MaxNodes { get; init; } = 200_000;

    /// <summary>Lists and mappings nested in one another.</summary>
    public int MaxDepth { get; init; } = 32;

    /// <summary>Parameters in the space once lists are expanded (<c>layers[0].units</c>, ...).</summary>
    public int MaxParameters { get; init; } = 2_000;

    /// <summary>Values of one categorical parameter.</summary>
    public int MaxCategoricalValues { get; init; } = 10_000;

    /// <summary><c>budget.maxTrials</c>.</summary>
    public int MaxTrials { get; init; } = 100_000;

    /// <summary>Problems listed for one spec; past it the rest are counted in one last line.</summary>
    public int MaxErrors { get; init; } = 100;

    /// <summary>Bytes in words: "256 KiB", "4.7 MiB".</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} bytes",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
    };
}
