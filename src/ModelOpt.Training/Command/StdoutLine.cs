namespace ModelOpt.Training.Command;

/// <summary>What one line of a trial process's stdout turned out to be.</summary>
public abstract record StdoutLine
{
    private StdoutLine() { }

    /// <summary><c>{"epoch": 3, "metrics": {...}}</c> or the flat <c>{"epoch": 3, "val_accuracy": 0.91}</c>.</summary>
    public sealed record Epoch(int Number, IReadOnlyDictionary<string, double> Metrics) : StdoutLine;

    /// <summary><c>{"final": {...}}</c>: the trial's final metrics.</summary>
    public sealed record Final(IReadOnlyDictionary<string, double> Metrics) : StdoutLine;

    /// <summary>Anything else: kept as the trial's log.</summary>
    public sealed record Log(string Text) : StdoutLine;

    /// <summary>A line meant as metrics that could not be read: kept as log, with a warning saying why.</summary>
    public sealed record Malformed(string Text, string Problem) : StdoutLine;
}
