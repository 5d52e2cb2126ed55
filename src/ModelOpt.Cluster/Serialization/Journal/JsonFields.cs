using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary>Reads one JSON value; a delegate because <see cref="Utf8JsonReader"/> is passed by reference.</summary>
internal delegate T ReadJson<out T>(ref Utf8JsonReader reader);

/// <summary>
/// The field-level reads and writes the journal converters share, each doing what the reflection serializer does under
/// <see cref="ModelOptSerializer"/>'s options: nulls are not written, doubles may be <c>"NaN"</c>/<c>"Infinity"</c>/
/// <c>"-Infinity"</c>, dates as <see cref="Utf8JsonWriter"/> writes them. A value of the wrong JSON kind is a
/// <see cref="JsonException"/>. Readers are called on the value's first token and leave the reader on its last.
/// </summary>
internal static class JsonFields
{
    /// <summary>Fails unless the reader is on the start of an object.</summary>
    public static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"expected an object, found {reader.TokenType}");
    }

    /// <summary>The next property's name, with the reader moved onto its value; false at the object's end.</summary>
    public static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }
        if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException($"expected a property name, found {reader.TokenType}");
        name = reader.GetString()!;
        reader.Read();
        return true;
    }

    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw Expected("a string", ref reader),
    };

    public static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw Expected("true or false", ref reader),
    };

    public static int ReadInt32(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value) ? value : throw Expected("a 32-bit integer", ref reader);

    public static long ReadInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value) ? value : throw Expected("a 64-bit integer", ref reader);

    public static ulong ReadUInt64(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var value) ? value : throw Expected("an unsigned 64-bit integer", ref reader);

    /// <summary>A number, or one of the three named literals as a string (nothing else is read from a string).</summary>
    public static double ReadDouble(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number)) return number;
        if (reader.TokenType == JsonTokenType.String)
        {
            if (reader.ValueTextEquals("NaN"u8)) return double.NaN;
            if (reader.ValueTextEquals("Infinity"u8)) return double.PositiveInfinity;
            if (reader.ValueTextEquals("-Infinity"u8)) return double.NegativeInfinity;
        }
        throw Expected("a number", ref reader);
    }

    public static double? ReadNullableDouble(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : ReadDouble(ref reader);

    public static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var value) ? value : throw Expected("an ISO 8601 date", ref reader);

    public static DateTimeOffset? ReadNullableDateTimeOffset(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.Null ? null : ReadDateTimeOffset(ref reader);

    /// <summary>An object of numbers by name (metrics); null for a JSON null.</summary>
    public static Dictionary<string, double>? ReadDoubles(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader);
        var values = new Dictionary<string, double>();
        while (NextProperty(ref reader, out var name)) values[name] = ReadDouble(ref reader);
        return values;
    }

    /// <summary>An object of strings by name (artifacts); null for a JSON null.</summary>
    public static Dictionary<string, string>? ReadStrings(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        ExpectObject(ref reader);
        var values = new Dictionary<string, string>();
        while (NextProperty(ref reader, out var name)) values[name] = ReadString(ref reader)!;
        return values;
    }

    /// <summary>An array read item by item (a null item stays null); null for a JSON null.</summary>
    public static List<T>? ReadList<T>(ref Utf8JsonReader reader, ReadJson<T> item) where T : class
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType != JsonTokenType.StartArray) throw Expected("an array", ref reader);
        var items = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(reader.TokenType == JsonTokenType.Null ? null! : item(ref reader));
        return items;
    }

    public static ImmutableList<T>? ReadImmutableList<T>(ref Utf8JsonReader reader, ReadJson<T> item) where T : class =>
        ReadList(ref reader, item) is { } items ? ImmutableList.CreateRange(items) : null;

    /// <summary>A nested object read by <paramref name="read"/>; null for a JSON null.</summary>
    public static T? ReadObjectOrNull<T>(ref Utf8JsonReader reader, ReadJson<T> read) where T : class =>
        reader.TokenType == JsonTokenType.Null ? null : read(ref reader);

    public static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }

    public static void WriteDouble(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double value)
    {
        writer.WritePropertyName(name);
        WriteDoubleValue(writer, value);
    }

    public static void WriteDouble(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } number) WriteDouble(writer, name, number);
    }

    /// <summary>A finite double as a number, the others as their named literal in a string.</summary>
    public static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    public static void WriteDateTimeOffset(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? value)
    {
        if (value is { } date) writer.WriteString(name, date);
    }

    public static void WriteDoubles(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, double>? values)
    {
        if (values is null) return;
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            writer.WritePropertyName(key);
            WriteDoubleValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyDictionary<string, string>? values)
    {
        if (values is null) return;
        writer.WriteStartObject(name);
        foreach (var (key, value) in values)
        {
            if (value is null) writer.WriteNull(key);
            else writer.WriteString(key, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteList<T>(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IEnumerable<T>? items, Action<Utf8JsonWriter, T> item) where T : class
    {
        if (items is null) return;
        writer.WriteStartArray(name);
        foreach (var each in items)
        {
            if (each is null) writer.WriteNullValue();
            else item(writer, each);
        }
        writer.WriteEndArray();
    }

    private static JsonException Expected(string what, ref Utf8JsonReader reader) => new($"expected {what}, found {reader.TokenType}");
}
