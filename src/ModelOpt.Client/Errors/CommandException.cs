namespace ModelOpt.Client.Errors;

/// <summary>A command that failed with a <see cref="CommandError"/>: the node raises it, the endpoint answers it, the client rethrows it.</summary>
public sealed class CommandException(CommandError error) : Exception(error.Message)
{
    public CommandError Error { get; } = error;

    public string Code => Error.Code;

    public static CommandException NotFound(string message) => new(new CommandError(CommandErrorCodes.NotFound, message));

    public static CommandException BadRequest(string path, string message) =>
        new(new CommandError(CommandErrorCodes.BadRequest, $"{path}: {message}", [new InputProblem(path, message)]));

    public static CommandException ReadOnly(string message) => new(new CommandError(CommandErrorCodes.ReadOnly, message));
}
