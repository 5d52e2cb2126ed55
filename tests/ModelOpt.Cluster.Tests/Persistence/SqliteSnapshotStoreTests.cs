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
