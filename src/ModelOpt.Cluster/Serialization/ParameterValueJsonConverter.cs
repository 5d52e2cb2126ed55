using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Serialization.Journal;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Serialization;

/// <summary>
/// A parameter value as a one-key object naming its kind (<c>{"f":0.5}</c>, <c>{"i":3}</c>, <c>{"s":"relu"}</c>,
/// <c>{"b":true}</c>), so an integer never comes back as a float.
/// </summary>
public sealed class ParameterValueJsonConverter : JsonConverter<ParameterValue>
{
    public override ParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    public override void Write(Utf8JsonWriter writer, ParameterValue value, JsonSerializerOptions options) => WriteValue(writer, value);

    internal static ParameterValue ReadValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a parameter value must be an object");
        reader.Read();
        var kind = reader.GetString();
        reader.Read();
        var value = kind switch
        {
            "f" => ParameterValue.Float(ReadDouble(ref reader)),
            "i" => ParameterValue.Int(reader.GetInt64()),
            "s" => ParameterValue.String(reader.GetString()!),
            "b" => ParameterValue.Bool(reader.GetBoolean()),
            _ => throw new JsonException($"unknown parameter value kind '{kind}'"),
        };
        reader.Read();
        return value;
    }

    internal static void WriteValue(Utf8JsonWriter writer, ParameterValue value)
    {
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case ValueKind.Float:
                writer.WritePropertyName("f");
                JsonFields.WriteDoubleValue(writer, value.AsDouble());
                break;
            case ValueKind.Int: writer.WriteNumber("i", value.AsInt()); break;
            case ValueKind.Bool: writer.WriteBoolean("b", value.AsBool()); break;
            default: writer.WriteString("s", value.AsString()); break;
        }
        writer.WriteEndObject();
    }

    private static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : reader.GetDouble();
}

/// <summary>
/// A configuration as an object of parameter name → <see cref="ParameterValueJsonConverter"/> value, pair by pair in the
/// configuration's order, without a dictionary's copy or the serializer's generic metadata for one.
/// </summary>
public sealed class ConfigJsonConverter : JsonConverter<Config>
{
    public override Config Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader)!;

    public override void Write(Utf8JsonWriter writer, Config value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>The configuration; null for a JSON null.</summary>
    internal static Config? ReadValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        JsonFields.ExpectObject(ref reader);
        var values = new Dictionary<string, ParameterValue>();
        while (JsonFields.NextProperty(ref reader, out var name)) values[name] = ParameterValueJsonConverter.ReadValue(ref reader);
        return new Config(values);
    }

    /// <summary>A configuration property; none for a null configuration (as the serializer leaves nulls out).</summary>
    internal static void WriteProperty(Utf8JsonWriter writer, ReadOnlySpan<byte> name, Config? value)
    {
        if (value is null) return;
        writer.WritePropertyName(name);
        WriteValue(writer, value);
    }

    private static void WriteValue(Utf8JsonWriter writer, Config value)
    {
        writer.WriteStartObject();
        foreach (var (name, parameter) in value)
        {
            writer.WritePropertyName(name);
            ParameterValueJsonConverter.WriteValue(writer, parameter);
        }
        writer.WriteEndObject();
    }
}
