namespace ModelOpt.Client.Errors;

/// <summary>
/// A failed command as the endpoint answers it: a stable <paramref name="Code"/> (see <see cref="CommandErrorCodes"/>),
/// one readable line, and for a bad spec or request every problem with its path.
/// </summary>
public sealed record CommandError(string Code, string Message, IReadOnlyList<InputProblem>? Errors = null);
