using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Serialization;
using Xunit;

namespace ModelOpt.Cluster.Tests.Serialization;

/// <summary>
/// The serializer's generated code reads and writes what System.Text.Json's reflection did before it, byte for byte:
/// every event and snapshot of the recovery fixtures (journals written by earlier builds), every message type with its
/// fields at their defaults, and messages that carry actor references.
/// </summary>
public sealed class GeneratedSerializerTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("generated-serializer-test");
    private readonly ModelOptSerializer _serializer;
    /// <summary>The serializer's options with reflection in place of the generated code, as the serializer had them before.</summary>
    private readonly JsonSerializerOptions _reflection;

    public GeneratedSerializerTests()
    {
        _serializer = new ModelOptSerializer((ExtendedActorSystem)_system);
        _reflection = new JsonSerializerOptions(ModelOptSerializer.JournalOptions) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };
        _reflection.Converters.Add(new ActorRefJsonConverter((ExtendedActorSystem)_system));
    }

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Journaled_events_and_snapshots_read_and_write_as_by_reflection()
    {
        var entries = JournaledEntries();

        Assert.Contains(entries, e => e.Manifest == "search-state-snapshot.1");
        Assert.All(entries, e =>
        {
            var generated = _serializer.ToBinary(_serializer.FromBinary(e.Body, e.Manifest));
            var reflected = ReflectionWrite(ModelOptSerializer.Read(e.Body, e.Manifest, _reflection));
            Assert.Equal(Encoding.UTF8.GetString(reflected), Encoding.UTF8.GetString(generated));
        });
    }

    [Fact]
    public void Every_message_type_at_its_defaults_writes_as_by_reflection()
    {
        foreach (var type in ModelOptSerializer.KnownTypes)
        {
            var message = System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type);
            var reflected = Write(() => ReflectionWrite(message));
            var generated = Write(() => _serializer.ToBinary(message));
            Assert.True(reflected == generated, $"{type.Name}: by reflection {reflected}, generated {generated}");
        }
    }

    [Fact]
    public void Messages_with_actor_references_write_as_by_reflection()
    {
        var worker = _system.ActorOf(Props.Empty, "worker");
        var message = new RegisterWorker(worker, "node-a", ["cpu#0"], [new RunningAttempt("cpu#0", "s1", "t0001", 2)]);

        Assert.Equal(Encoding.UTF8.GetString(ReflectionWrite(message)), Encoding.UTF8.GetString(_serializer.ToBinary(message)));
    }

    private byte[] ReflectionWrite(object message) => JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), _reflection);

    /// <summary>The JSON written, or the type of the exception that writing it threw.</summary>
    private static string Write(Func<byte[]> write)
    {
        try
        {
            return Encoding.UTF8.GetString(write());
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    /// <summary>Every event and snapshot of the recovery fixtures, as journaled: manifest and JSON body.</summary>
    private static IReadOnlyList<(string Manifest, byte[] Body)> JournaledEntries()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Searches", "Recovery", "Fixtures");
        var entries = new List<(string, byte[])>();
        foreach (var file in Directory.EnumerateFiles(fixtures, "*.json", SearchOption.AllDirectories))
        {
            using var fixture = JsonDocument.Parse(File.ReadAllText(file));
            var journal = fixture.RootElement.GetProperty("Journal").EnumerateArray().ToList();
            if (fixture.RootElement.TryGetProperty("Snapshot", out var snapshot) && snapshot.ValueKind == JsonValueKind.Object) journal.Add(snapshot);
            foreach (var entry in journal)
                entries.Add((entry.GetProperty("Manifest").GetString()!, Encoding.UTF8.GetBytes(entry.GetProperty("Body").GetRawText())));
        }
        Assert.NotEmpty(entries);
        return entries;
    }
}
