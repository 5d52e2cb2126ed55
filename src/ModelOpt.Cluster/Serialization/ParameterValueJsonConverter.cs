using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Cluster.Serialization;

/// <summary>
/// A parameter value as a one-key object naming its kind (<c>{"f":0.5}</c>, <c>{"i":3}</c>, <c>{"s":"relu"}</c>,
/// <c>{"b":true}</c>), so an integer never comes back as a float.
/// </summary>
public sealed class ParameterValueJsonConverter : JsonConverter<ParameterValue>
{
    public override ParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
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

    public override void Write(Utf8JsonWriter writer, ParameterValue value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value.Kind)
        {
            case ValueKind.Float:
                writer.WritePropertyName("f");
                WriteDouble(writer, value.AsDouble());
                break;
            case ValueKind.Int: writer.WriteNumber("i", value.AsInt()); break;
            case ValueKind.Bool: writer.WriteBoolean("b", value.AsBool()); break;
            default: writer.WriteString("s", value.AsString()); break;
        }
        writer.WriteEndObject();
    }

    /// <summary>
    /// What the serializer writes for a double under <see cref="JsonNumberHandling.AllowNamedFloatingPointLiterals"/>
    /// (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c> as strings), without its dispatch: every trial's configuration
    /// is written in its events and in each snapshot of its search.
    /// </summary>
    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumberValue(value);
        else writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static double ReadDouble(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? double.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : reader.GetDouble();
}

/// <summary>A configuration as an object of parameter name → <see cref="ParameterValueJsonConverter"/> value.</summary>
public sealed class ConfigJsonConverter : JsonConverter<Config>
{
    public override Config Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonSerializer.Deserialize<Dictionary<string, ParameterValue>>(ref reader, options) ?? []);

    /// <summary>Pair by pair, in the configuration's order: a copy into a dictionary first cost an allocation per configuration written.</summary>
    public override void Write(Utf8JsonWriter writer, Config value, JsonSerializerOptions options)
    {
        var values = (JsonConverter<ParameterValue>)options.GetConverter(typeof(ParameterValue));
        writer.WriteStartObject();
        foreach (var (name, parameter) in value)
        {
            writer.WritePropertyName(name);
            values.Write(writer, parameter, options);
        }
        writer.WriteEndObject();
    }
}
