using ModelOpt.Search;

namespace ModelOpt.Node.Commands;

/// <summary>
/// A failed command as the endpoint returns it: a stable <paramref name="Code"/> (see <see cref="CommandErrorCodes"/>),
/// one readable line, and for a bad spec or request every problem with its path.
/// </summary>
public sealed record CommandError(string Code, string Message, IReadOnlyList<SpecError>? Errors = null);

public sealed class CommandException(CommandError error) : Exception(error.Message)
{
    public CommandError Error { get; } = error;

    public static CommandException NotFound(string message) => new(new CommandError(CommandErrorCodes.NotFound, message));

    public static CommandException BadRequest(string path, string message) =>
        new(new CommandError(CommandErrorCodes.BadRequest, $"{path}: {message}", [new SpecError(path, message)]));
}
