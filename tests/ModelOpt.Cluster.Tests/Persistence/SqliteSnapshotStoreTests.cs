using System.Text;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence;
using Akka.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelOpt.Cluster.Hosting;
using Xunit;

namespace ModelOpt.Cluster.Tests.Persistence;

/// <summary>Snapshots and journal writes on one SQLite file, through <see cref="PersistenceHostingExtensions.WithModelOptPersistence"/>.</summary>
public sealed class SqliteSnapshotStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-snapshots-").FullName;
    private IHost _host = null!;

    public async Task InitializeAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("mopt-snapshot-test", akka => akka
            .WithModelOptPersistence(Path.Combine(_directory, "journal.db"))
            .AddHocon($$"""
                akka.actor.serializers.gated = "{{typeof(GatedSerializer).AssemblyQualifiedName}}"
                akka.actor.serialization-bindings { "{{typeof(GatedState).AssemblyQualifiedName}}" = gated }
                """, HoconAddMode.Prepend));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        GatedSerializer.Gate.Set();
        await _host.StopAsync();
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>
    /// Akka.Persistence.Sql's snapshot store serialized a snapshot inside its write transaction: SQLite's one write
    /// lock was held through the encoding of a whole search's state, and the journal's writes waited for it (then
    /// slept 150 ms in the busy retry). Here the serializer is held open until a journal write has gone through.
    /// </summary>
    [Fact]
    public async Task A_journal_write_goes_through_while_a_snapshot_is_being_serialized_and_the_snapshot_recovers()
    {
        var system = _host.Services.GetRequiredService<ActorSystem>();
        var writer = system.ActorOf(Props.Create(() => new Writer("writer")));
        Assert.Equal("persisted", await writer.Ask<string>(new Persist("e1"), TimeSpan.FromSeconds(30)));

        var saved = writer.Ask<long>(new TakeSnapshot("state-at-1"), TimeSpan.FromSeconds(60));
        try
        {
            await GatedSerializer.Serializing.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("persisted", await writer.Ask<string>(new Persist("e2"), TimeSpan.FromSeconds(10)));
        }
        finally
        {
            GatedSerializer.Gate.Set();
        }
        Assert.Equal(1, await saved);

        await writer.GracefulStop(TimeSpan.FromSeconds(10));
        var recovered = system.ActorOf(Props.Create(() => new Writer("writer")));
        Assert.Equal("state-at-1 + e2", await recovered.Ask<string>(new GetState(), TimeSpan.FromSeconds(30)));
    }

    /// <summary>The store's own deletes (one statement each) remove what the criteria select and nothing else.</summary>
    [Fact]
    public async Task Deletes_remove_the_selected_snapshots_only()
    {
        var system = _host.Services.GetRequiredService<ActorSystem>();
        var keeper = system.ActorOf(Props.Create(() => new Snapshotter("keeper")));
        var other = system.ActorOf(Props.Create(() => new Snapshotter("other")));
        foreach (var state in new[] { "a", "b", "c", "d" })
            Assert.Equal(state, await keeper.Ask<string>(new TakeSnapshot(state), TimeSpan.FromSeconds(30)));
        Assert.Equal("x", await other.Ask<string>(new TakeSnapshot("x"), TimeSpan.FromSeconds(30)));

        // Up to sequence number 2 ("a", "b"), then "d" alone by its metadata: "c" is the latest left.
        Assert.Equal("deleted", await keeper.Ask<string>(new DeleteUpTo(2), TimeSpan.FromSeconds(30)));
        Assert.Equal("deleted", await keeper.Ask<string>(new DeleteOne(4), TimeSpan.FromSeconds(30)));

        var store = Akka.Persistence.Persistence.Instance.Apply(system).SnapshotStoreFor(null);
        async Task<string?> Latest(string persistenceId, long maxSequenceNr)
        {
            var loaded = await store.Ask<LoadSnapshotResult>(
                new LoadSnapshot(persistenceId, new SnapshotSelectionCriteria(maxSequenceNr), long.MaxValue), TimeSpan.FromSeconds(30));
            return (string?)loaded.Snapshot?.Snapshot;
        }
        Assert.Equal("c", await Latest("keeper", long.MaxValue));
        Assert.Null(await Latest("keeper", 2));
        Assert.Equal("x", await Latest("other", long.MaxValue));
    }

    private sealed record DeleteUpTo(long SequenceNr);

    private sealed record DeleteOne(long SequenceNr);

    /// <summary>Persists one event per snapshot, so snapshot n is at sequence number n.</summary>
    private sealed class Snapshotter : ReceivePersistentActor
    {
        private IActorRef _requester = ActorRefs.Nobody;
        private string _pending = "";

        public override string PersistenceId { get; }

        public Snapshotter(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<string>(_ => { });
            Command<TakeSnapshot>(t =>
            {
                _requester = Sender;
                _pending = t.State;
                Persist(t.State, _ => SaveSnapshot(t.State));
            });
            Command<SaveSnapshotSuccess>(_ => _requester.Tell(_pending));
            Command<DeleteUpTo>(d =>
            {
                _requester = Sender;
                DeleteSnapshots(new SnapshotSelectionCriteria(d.SequenceNr));
            });
            Command<DeleteOne>(d =>
            {
                _requester = Sender;
                DeleteSnapshot(d.SequenceNr);
            });
            Command<DeleteSnapshotsSuccess>(_ => _requester.Tell("deleted"));
            Command<DeleteSnapshotSuccess>(_ => _requester.Tell("deleted"));
        }
    }

    private sealed record Persist(string Event);

    private sealed record TakeSnapshot(string State);

    private sealed record GetState;

    public sealed record GatedState(string Value);

    /// <summary>Serializes <see cref="GatedState"/> once <see cref="Gate"/> is open, saying when it has begun.</summary>
    public sealed class GatedSerializer(ExtendedActorSystem system) : Serializer(system)
    {
        public static readonly TaskCompletionSource Serializing = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public static readonly ManualResetEventSlim Gate = new();

        public override int Identifier => 48_517;

        public override bool IncludeManifest => false;

        public override byte[] ToBinary(object obj)
        {
            Serializing.TrySetResult();
            if (!Gate.Wait(TimeSpan.FromSeconds(60))) throw new TimeoutException("the test never opened the gate");
            return Encoding.UTF8.GetBytes(((GatedState)obj).Value);
        }

        public override object FromBinary(byte[] bytes, Type? type) => new GatedState(Encoding.UTF8.GetString(bytes));
    }

    private sealed class Writer : ReceivePersistentActor
    {
        private readonly List<string> _events = [];
        private string _snapshot = "";
        private IActorRef _snapshotRequester = ActorRefs.Nobody;

        public override string PersistenceId { get; }

        public Writer(string persistenceId)
        {
            PersistenceId = persistenceId;
            Recover<SnapshotOffer>(o => _snapshot = ((GatedState)o.Snapshot).Value);
            Recover<string>(_events.Add);
            Command<Persist>(p =>
            {
                var sender = Sender;
                PersistAsync(p.Event, _ => sender.Tell("persisted"));
            });
            Command<TakeSnapshot>(t =>
            {
                _snapshotRequester = Sender;
                SaveSnapshot(new GatedState(t.State));
            });
            Command<SaveSnapshotSuccess>(s => _snapshotRequester.Tell(s.Metadata.SequenceNr));
            Command<SaveSnapshotFailure>(f => _snapshotRequester.Tell(new Status.Failure(f.Cause)));
            Command<GetState>(_ => Sender.Tell(string.Join(" + ", [_snapshot, .. _events])));
        }
    }
}
