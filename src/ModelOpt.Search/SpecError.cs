namespace ModelOpt.Search;

/// <summary>One problem in a spec: where it is (a dotted path, and the line/column when known) and what is wrong.</summary>
public sealed record SpecError(string Path, string Message, int? Line = null, int? Column = null)
{
    public override string ToString() => Line is { } l ? $"{Path} (line {l}, column {Column}): {Message}" : $"{Path}: {Message}";
}

/// <summary>A spec with one or more problems. <see cref="Errors"/> lists all of them.</summary>
public class SpecException(IReadOnlyList<SpecError> errors)
    : Exception(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the spec:\n  " + string.Join("\n  ", errors))
{
    public IReadOnlyList<SpecError> Errors { get; } = errors;
}

/// <summary>A spec refused for its size alone (<see cref="Specs.SpecLimits.MaxSpecBytes"/>), before it was read.</summary>
public sealed class SpecTooLargeException(SpecError error) : SpecException([error]);
