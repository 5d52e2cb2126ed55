using ModelOpt.Client;
using ModelOpt.Cluster.Journal;
using ModelOpt.Search;

namespace ModelOpt.Cli.Client;

/// <summary>
/// What a palette command talks to: a node's endpoint over HTTP, or a journal read directly (<c>--journal</c>, or the
/// journal of a local <c>mopt run</c> that has ended — said once on stderr). A context whose run ended and left no
/// journal behind is an error that names the context file.
/// </summary>
public sealed class CommandTarget : IDisposable
{
    private readonly IDisposable? _owned;

    private CommandTarget(ICommandApi api, Connection? connection, IDisposable? owned, string? journal = null)
    {
        Api = api;
        Connection = connection;
        _owned = owned;
        Journal = journal;
    }

    /// <summary>The journal read directly (<c>--journal</c>, or an ended run's); null when talking to an endpoint.</summary>
    public string? Journal { get; }

    public ICommandApi Api { get; }

    /// <summary>The endpoint, when talking HTTP; null for a journal.</summary>
    public Connection? Connection { get; }

    public void Dispose() => _owned?.Dispose();

    /// <param name="catalog">Reads the specs of a journal read directly.</param>
    public static CommandTarget Resolve(string? host, FileInfo? tokenFile, string? journal, CliIo io, SearchCatalog catalog)
    {
        if (journal is not null) return new CommandTarget(OpenJournal(journal, catalog), null, null, journal);
        var connection = Connection.Resolve(host, tokenFile, io.Environment);
        var context = connection.Context;
        if (context is not null && !context.IsLive())
        {
            if (context.Journal is { } ended && File.Exists(ended))
            {
                io.Error.WriteLine(Ended(context));
                return new CommandTarget(OpenJournal(ended, catalog), null, null, ended);
            }
            throw new CliFailure(ExitCodes.Unreachable,
                $"the context file {ClientContext.PathIn(ConfigDirectory.Path(io.Environment))} points at {context.Host}, served by a mopt run " +
                $"(pid {context.Pid}) that has ended{(context.Journal is null ? "" : $" and whose journal {context.Journal} is gone")}; " +
                "give host:port, set MOPT_HOST, or read a journal with --journal");
        }
        var client = new ModelOptClient(connection.Options);
        ICommandApi api = context?.Journal is { } local && File.Exists(local)
            ? new JournalFallback(client, () =>
            {
                io.Error.WriteLine(Ended(context));
                return OpenJournal(local, catalog);
            })
            : client;
        return new CommandTarget(api, connection, client);
    }

    private static JournalCommandApi OpenJournal(string journal, SearchCatalog catalog)
    {
        try
        {
            return new JournalCommandApi(new JournalReader(JournalConnection.For(journal), catalog));
        }
        catch (JournalException e)
        {
            throw new CliFailure(ExitCodes.Usage, e.Message);
        }
    }

    private static string Ended(ClientContext context) =>
        $"note: the mopt run that served {context.Host} has ended; reading its journal {context.Journal} (read-only)";
}
