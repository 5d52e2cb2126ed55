using System.Reflection;
using Akka.Actor;
using System.Runtime.Serialization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelOpt.Cluster.Serialization;
using ModelOpt.Cluster.Serialization.Journal;
using ModelOpt.Cluster.Tests.Searches.Recovery;
using Xunit;

namespace ModelOpt.Cluster.Tests.Serialization;

/// <summary>
/// The hand-written journal converters against what System.Text.Json's reflection does with the same options: the same
/// bytes written, the same records read, the same bodies refused.
/// </summary>
public sealed class JournalConverterTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("journal-converters-test");

    private static readonly JsonSerializerOptions Converters = ModelOptSerializer.JournalOptions;
    private static readonly JsonSerializerOptions Reflection = WithoutJournalConverters();

    private static JsonSerializerOptions WithoutJournalConverters()
    {
        var options = new JsonSerializerOptions(ModelOptSerializer.JournalOptions);
        foreach (var converter in JournalConverters.All) options.Converters.Remove(converter);
        options.MakeReadOnly();
        return options;
    }

    public void Dispose() => _system.Dispose();

    public static TheoryData<string> ConvertedTypes() => [.. JournalConverters.All.Select(c => c.Type!.FullName!)];

    private static Type TypeNamed(string name) => JournalConverters.All.Select(c => c.Type!).Single(t => t.FullName == name);

    private static string Write(object value, JsonSerializerOptions options) => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options));

    [Fact]
    public void Every_converter_is_in_the_serializers_options()
    {
        foreach (var converter in JournalConverters.All) Assert.Same(converter, Converters.GetConverter(converter.Type!));
        foreach (var converter in JournalConverters.All) Assert.NotSame(converter, Reflection.GetConverter(converter.Type!));
    }

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void A_record_with_every_field_set_is_written_as_reflection_writes_it(string typeName)
    {
        var sample = JournalSamples.Of(TypeNamed(typeName));

        Assert.Equal(Write(sample, Reflection), Write(sample, Converters));
    }

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void Every_public_property_is_written(string typeName)
    {
        // A property added to the record and not to its converter fails here, by name.
        var type = TypeNamed(typeName);
        var sample = JournalSamples.Of(type);
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(properties, Names(Write(sample, Reflection)).Order(StringComparer.Ordinal));
        Assert.Equal(Names(Write(sample, Reflection)), Names(Write(sample, Converters)));
    }

    private static IEnumerable<string> Names(string json) => JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToList();

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void What_is_written_reads_back_to_the_same_record(string typeName)
    {
        var written = Write(JournalSamples.Of(TypeNamed(typeName)), Reflection);
        var type = TypeNamed(typeName);

        Assert.Equal(written, Write(JsonSerializer.Deserialize(written, type, Converters)!, Reflection));
    }

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void Properties_in_any_order_and_unknown_ones_read_as_reflection_reads_them(string typeName)
    {
        var type = TypeNamed(typeName);
        var reordered = Reversed(JsonNode.Parse(Write(JournalSamples.Of(type), Reflection))!);
        reordered.AsObject().Insert(0, "Unknown", JsonNode.Parse("""{"a":[1,{"b":null}],"c":"NaN"}"""));
        reordered.AsObject().Add("AlsoUnknown", 3);
        var json = reordered.ToJsonString();

        Assert.Equal(Write(JsonSerializer.Deserialize(json, type, Reflection)!, Reflection), Write(JsonSerializer.Deserialize(json, type, Converters)!, Reflection));
    }

    /// <summary>Every object's properties in reverse order, nested ones too.</summary>
    private static JsonNode Reversed(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                var pairs = o.Select(p => (p.Key, Value: p.Value)).Reverse().ToList();
                o.Clear();
                foreach (var (key, value) in pairs) o.Add(key, value is null ? null : Reversed(value));
                return o;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null)) Reversed(item!);
                return a;
            default:
                return node;
        }
    }

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void Missing_properties_read_as_reflection_reads_them(string typeName)
    {
        var type = TypeNamed(typeName);

        Assert.Equal(JsonSerializer.Deserialize("{}", type, Reflection), JsonSerializer.Deserialize("{}", type, Converters));
    }

    /// <summary>Values of every JSON kind, and strings that reflection reads into numbers, enums and dates or refuses.</summary>
    private static readonly string[] OddValues =
    [
        "null", "{}", "[]", "true", "1.5", "-1", "1e400", "\"x\"", "\"NaN\"", "\"2026-13-01\"",
        "\"1\"", "\" +2 \"", "\"-1\"", "\"99\"", "\"1x\"", "\"1,2\"",
        "\"running\"", "\" running \"", "\"\"", "\"Running, Failed\"", "\"Running,,Failed\"",
    ];

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void A_field_of_the_wrong_kind_is_refused_or_read_as_reflection_does(string typeName)
    {
        var type = TypeNamed(typeName);
        var written = JsonNode.Parse(Write(JournalSamples.Of(type), Reflection))!.AsObject();
        foreach (var property in written.Select(p => p.Key).ToList())
        {
            foreach (var odd in OddValues)
            {
                var body = JsonNode.Parse(written.ToJsonString())!.AsObject();
                body[property] = JsonNode.Parse(odd);
                var json = body.ToJsonString();

                var (byReflection, byConverter) = (Outcome(json, type, Reflection), Outcome(json, type, Converters));
                Assert.True(byReflection == byConverter, $"{property} = {odd}: reflection {byReflection}, converter {byConverter}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(ConvertedTypes))]
    public void A_malformed_body_is_one_serialization_exception_naming_the_manifest(string typeName)
    {
        var type = TypeNamed(typeName);
        if (!ModelOptSerializer.KnownTypes.Contains(type)) return;
        var manifest = new ModelOptSerializer((ExtendedActorSystem)_system).Manifest(JournalSamples.Of(type));
        foreach (var body in new[] { "[]", "\"x\"", "3", "{\"SearchId\":", "{\"TrialId\":\"t\"", "{\"TrialId\" \"t\"}", "{]", "{\"Unknown\":[1,}" })
        {
            var e = Assert.Throws<SerializationException>(() => ModelOptSerializer.Read(Encoding.UTF8.GetBytes(body), manifest, Converters));
            Assert.Contains(manifest, e.Message);
            Assert.Throws<SerializationException>(() => ModelOptSerializer.Read(Encoding.UTF8.GetBytes(body), manifest, Reflection));
        }
    }

    /// <summary>What reading the body gives: refused, or the record as reflection writes it (or fails to).</summary>
    private static string Outcome(string json, Type type, JsonSerializerOptions options)
    {
        object? read;
        try
        {
            read = JsonSerializer.Deserialize(json, type, options);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            return "refused";
        }
        try
        {
            return read is null ? "null" : Write(read, Reflection);
        }
        catch (Exception e)
        {
            return $"unwritable ({e.GetType().Name})";
        }
    }

    public static TheoryData<string> FixtureFiles() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Searches", "Recovery", "Fixtures"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void The_recovery_fixtures_events_and_snapshot_are_written_as_reflection_writes_them(string path)
    {
        var fixture = RecoveryFixture.Read(path);
        foreach (var stored in fixture.Journal.Append(fixture.Snapshot))
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(stored.Body);

            var byReflection = ModelOptSerializer.Read(body, stored.Manifest, Reflection);
            var byConverters = ModelOptSerializer.Read(body, stored.Manifest, Converters);

            Assert.Equal(Write(byReflection, Reflection), Write(byConverters, Converters));
            Assert.Equal(Write(byReflection, Reflection), Write(byConverters, Reflection));
        }
    }
}
