using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using CsCheck;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Search.Tests.Fuzzing;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Cluster.Tests.Serialization;

/// <summary>
/// Whatever bytes arrive under a manifest, from the network or a journal, reading them ends in a message of that
/// manifest's type or a <see cref="SerializationException"/>: mutations of real journaled events (the recovery
/// fixtures) and of every message type's round trip, and random bytes under every manifest.
/// </summary>
public sealed class SerializerFuzzTests : IDisposable
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e309", "-1", "NaN", "\"Infinity\"", "9223372036854775808", "\"\\u0000\"",
        "\"akka://elsewhere/user/x\"", "\"Kind\":\"Bogus\"", "{\"Kind\":\"Int\",\"Value\":\"x\"}", "\"2026-13-45T99:00:00Z\"", "\uD800",
    ];

    private readonly ActorSystem _system = ActorSystem.Create("serializer-fuzz");
    private readonly ModelOptSerializer _serializer;
    private readonly ITestOutputHelper _output;

    public SerializerFuzzTests(ITestOutputHelper output)
    {
        _output = output;
        _serializer = new ModelOptSerializer((ExtendedActorSystem)_system);
    }

    public void Dispose() => _system.Dispose();

    [Fact]
    public void Mutated_journal_events_read_as_their_type_or_a_serialization_exception()
    {
        var seeds = JournaledEvents();
        var gen = Gen.Int[0, seeds.Count - 1].SelectMany(i => Fuzz.Mutations([seeds[i].Body], Fragments).Select(body => (seeds[i].Manifest, Body: body)));

        Report(Fuzz.Check(gen, input => ReadsOrRefuses(input.Manifest, Encoding.UTF8.GetBytes(input.Body)), input => $"{input.Manifest}: {input.Body}"));
    }

    [Fact]
    public void Random_bytes_under_every_manifest_read_or_are_refused()
    {
        var manifests = ModelOptSerializer.KnownTypes
            .Select(type => _serializer.Manifest(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)))
            .Append("no-such-manifest.1").ToArray();
        var gen = Gen.Select(Gen.Int[0, manifests.Length - 1], Gen.Byte.Array[0, 600]);

        Report(Fuzz.Check(gen, input => ReadsOrRefuses(manifests[input.Item1], input.Item2), input => $"{manifests[input.Item1]}: {Convert.ToHexString(input.Item2)}"));
    }

    private void ReadsOrRefuses(string manifest, byte[] bytes)
    {
        try
        {
            var message = _serializer.FromBinary(bytes, manifest);
            Assert.Equal(manifest, _serializer.Manifest(message));
        }
        catch (SerializationException e)
        {
            Assert.Contains(manifest, e.Message);
        }
    }

    /// <summary>Every event of the recovery fixtures, as journaled: its manifest and its JSON body.</summary>
    private static IReadOnlyList<(string Manifest, string Body)> JournaledEvents()
    {
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Searches", "Recovery", "Fixtures");
        var events = new List<(string, string)>();
        foreach (var file in Directory.EnumerateFiles(fixtures, "*.json", SearchOption.AllDirectories))
        {
            using var fixture = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var entry in fixture.RootElement.GetProperty("Journal").EnumerateArray())
                events.Add((entry.GetProperty("Manifest").GetString()!, entry.GetProperty("Body").GetRawText()));
        }
        Assert.NotEmpty(events);
        return events;
    }

    private void Report(TimeSpan slowest) => _output.WriteLine($"{Fuzz.Cases} cases, slowest {slowest.TotalMilliseconds:0.0} ms");
}
