using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelOpt.Cluster.Hosting;
using Xunit;

namespace ModelOpt.Cluster.Tests.Persistence;

public sealed class GroupCommitSqlJournalTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-group-commit-").FullName;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("mopt-journal-test", akka => akka.WithModelOptPersistence(Path.Combine(_directory, "journal.db")));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// A DeferAsync decided while the entity's write is being stored reaches the journal alone, as a batch with no
    /// events. Storing nothing must succeed: each such batch used to throw, and ten of them in a row (many entities at
    /// once) opened the journal's circuit breaker, failing every entity's writes for its reset time (a many-searches run).
    /// </summary>
    [Fact]
    public async Task Defers_that_reach_the_journal_alone_store_nothing_and_later_events_are_still_written()
    {
        var system = _host.Services.GetRequiredService<ActorSystem>();
        var actors = Enumerable.Range(0, 12).Select(i => system.ActorOf(Props.Create(() => new Deferring($"deferring-{i}")))).ToList();
        foreach (var actor in actors) actor.Tell(Deferring.Persist);
        var deferred = await Task.WhenAll(actors.Select(a => a.Ask<string>(Deferring.Defer, TimeSpan.FromSeconds(10))));
        Assert.All(deferred, d => Assert.Equal("deferred", d));

        Assert.Equal("persisted", await actors[0].Ask<string>(Deferring.Persist, TimeSpan.FromSeconds(10)));
    }

    private sealed class Deferring : ReceivePersistentActor
    {
        public const string Persist = "persist";
        public const string Defer = "defer";

        public override string PersistenceId { get; }

        public Deferring(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_ => { });
            Command<string>(c => c == Persist, _ =>
            {
                var sender = Sender;
                PersistAsync("event", _ => sender.Tell("persisted"));
            });
            Command<string>(c => c == Defer, _ =>
            {
                var sender = Sender;
                DeferAsync("deferred", d => sender.Tell(d));
            });
        }
    }
}
