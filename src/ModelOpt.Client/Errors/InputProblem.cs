namespace ModelOpt.Client.Errors;

/// <summary>One problem of a rejected spec or request: where (a dotted path, and the line and column when known) and what.</summary>
public sealed record InputProblem(string Path, string Message, int? Line = null, int? Column = null)
{
    public override string ToString() => Line is { } l ? $"{Path} (line {l}, column {Column}): {Message}" : $"{Path}: {Message}";
}
