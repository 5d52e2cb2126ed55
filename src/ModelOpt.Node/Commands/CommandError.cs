using ModelOpt.Search;

namespace ModelOpt.Node.Commands;

/// <summary>
/// A failed command as the endpoint returns it: a stable <paramref name="Code"/> (see <see cref="CommandErrorCodes"/>),
/// one readable line, and for a bad spec or request every problem with its path.
/// </summary>
public sealed record CommandError(string Code, string Message, IReadOnlyList<SpecError>? Errors = null);
