using System.CommandLine;
using System.Text.Json;
using ModelOpt.Cli.Client;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Search;

namespace ModelOpt.Cli.Palettes;

/// <summary>
/// What every palette command shares: the I/O, the host given before the palette, the global options
/// (<c>--json</c>, <c>--token-file</c>), the kinds specs are checked with, and one way to reach the command API and
/// turn its errors into exit codes.
/// </summary>
public sealed class PaletteContext(CliIo io, string? host, SearchCatalog catalog)
{
    public CliIo Io { get; } = io;

    /// <summary>The kinds a spec may name, for checking specs and reading journals here.</summary>
    public SearchCatalog Catalog { get; } = catalog;

    /// <summary>The <c>host:port</c> given before the palette, or null.</summary>
    public string? Host { get; } = host;

    public Option<bool> Json { get; } = new("--json") { Description = "print JSON instead of tables (for scripts; docs/schemas/ describes each)", Recursive = true };

    public Option<FileInfo?> TokenFile { get; } = new("--token-file") { Description = "read the bearer token from this file (default: MOPT_TOKEN, MOPT_TOKEN_FILE, then the context file)", Recursive = true };

    public Option<string?> Journal { get; } = new("--journal")
    {
        Description = "read this journal directly, without a node: a SQLite file (e.g. .mopt/journal.db) or a PostgreSQL connection string (Host=...); read commands only",
        Recursive = true,
    };

    /// <summary>Runs <paramref name="command"/> against the command API; a <see cref="CommandException"/> becomes a <see cref="CliFailure"/>.</summary>
    public Task<int> CallAsync(ParseResult result, Func<ICommandApi, bool, CancellationToken, Task<int>> command, CancellationToken cancellationToken) =>
        CallAsync(result, (target, json, ct) => command(target.Api, json, ct), cancellationToken);

    /// <summary>As above, with the whole <see cref="CommandTarget"/> (whether it is a journal read directly).</summary>
    public async Task<int> CallAsync(ParseResult result, Func<CommandTarget, bool, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        if (Host is not null && result.GetValue(Journal) is not null)
            throw new CliFailure(ExitCodes.Usage, $"give either a host ({Host}) or --journal, not both");
        using var target = CommandTarget.Resolve(Host, result.GetValue(TokenFile), result.GetValue(Journal), Io, Catalog);
        try
        {
            return await command(target, result.GetValue(Json), cancellationToken);
        }
        catch (CommandException e)
        {
            throw Failure(e.Error, target.Connection);
        }
    }

    /// <summary>Prints <paramref name="value"/> in the command API's JSON shape.</summary>
    public void WriteJson<T>(T value) => Io.Out.WriteLine(JsonSerializer.Serialize(value, CommandJson.Indented));

    public static CliFailure Failure(CommandError error, Connection? connection)
    {
        var details = error.Errors?.Select(e => e.ToString()).ToList() ?? [];
        return error.Code switch
        {
            CommandErrorCodes.Unauthorized => new CliFailure(ExitCodes.Unauthorized,
                $"{connection?.HostPort} refused the command: {(connection?.Token is null ? "no token given (MOPT_TOKEN, --token-file or the context file)" : "the token is not valid there")}"),
            CommandErrorCodes.Forbidden => new CliFailure(ExitCodes.Unauthorized, error.Message),
            CommandErrorCodes.Unreachable => new CliFailure(ExitCodes.Unreachable,
                connection?.HostSource is { } source ? $"{error.Message}; the address comes from {source}" : error.Message),
            CommandErrorCodes.InvalidSpec => new CliFailure(ExitCodes.Usage,
                $"the spec was rejected ({details.Count} problem{(details.Count == 1 ? "" : "s")}):", details),
            CommandErrorCodes.BadRequest or CommandErrorCodes.TooLarge => new CliFailure(ExitCodes.Usage, error.Message),
            _ => new CliFailure(ExitCodes.Failed, error.Message),
        };
    }
}
