using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOpt.Client.Models;

/// <summary>What a <see cref="ConfigValue"/> holds.</summary>
public enum ConfigValueKind { Float, Int, String, Bool }

/// <summary>
/// One parameter of a trial's configuration. In JSON it is the plain value (<c>0.0004</c>, <c>3</c>, <c>"adam"</c>,
/// <c>true</c>); a float is always written with a fraction or exponent (<c>1.0</c>), so an integer parameter reads back
/// as an integer and a float one as a float.
/// </summary>
[JsonConverter(typeof(ConfigValueJsonConverter))]
public readonly record struct ConfigValue
{
    private readonly double _number;
    private readonly string? _text;

    private ConfigValue(ConfigValueKind kind, double number, string? text)
    {
        Kind = kind;
        _number = number;
        _text = text;
    }

    public ConfigValueKind Kind { get; }

    public static ConfigValue Float(double value) => new(ConfigValueKind.Float, value, null);

    public static ConfigValue Int(long value) => new(ConfigValueKind.Int, value, null);

    public static ConfigValue String(string value) => new(ConfigValueKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));

    public static ConfigValue Bool(bool value) => new(ConfigValueKind.Bool, value ? 1 : 0, null);

    public bool IsNumeric => Kind is ConfigValueKind.Float or ConfigValueKind.Int;

    /// <summary>The number (an integer or boolean as 0/1 too); throws for a string.</summary>
    public double AsDouble() => Kind != ConfigValueKind.String ? _number : throw new InvalidOperationException($"value '{_text}' is a string, not a number");

    /// <summary>The integer (a float only when it is whole); throws otherwise.</summary>
    public long AsInt() => Kind switch
    {
        ConfigValueKind.Int or ConfigValueKind.Bool => (long)_number,
        ConfigValueKind.Float when _number == Math.Round(_number) => (long)_number,
        _ => throw new InvalidOperationException($"value {this} is not an integer"),
    };

    public bool AsBool() => Kind == ConfigValueKind.Bool ? _number != 0 : throw new InvalidOperationException($"value {this} is not a boolean");

    /// <summary>The string, or the value written as text.</summary>
    public string AsString() => Kind == ConfigValueKind.String ? _text! : ToString();

    /// <summary>The value as a plain object: double, long, string or bool.</summary>
    public object ToObject() => Kind switch
    {
        ConfigValueKind.Float => _number,
        ConfigValueKind.Int => (long)_number,
        ConfigValueKind.Bool => _number != 0,
        _ => _text!,
    };

    public override string ToString() => Kind switch
    {
        ConfigValueKind.Float => _number.ToString("G6", CultureInfo.InvariantCulture),
        ConfigValueKind.Int => ((long)_number).ToString(CultureInfo.InvariantCulture),
        ConfigValueKind.Bool => _number != 0 ? "true" : "false",
        _ => _text!,
    };
}

/// <summary>Reads and writes a <see cref="ConfigValue"/> as a plain JSON value.</summary>
public sealed class ConfigValueJsonConverter : JsonConverter<ConfigValue>
{
    public override ConfigValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => ConfigValue.String(reader.GetString()!),
        JsonTokenType.True => ConfigValue.Bool(true),
        JsonTokenType.False => ConfigValue.Bool(false),
        JsonTokenType.Number when IsInteger(ref reader) && reader.TryGetInt64(out var whole) => ConfigValue.Int(whole),
        JsonTokenType.Number => ConfigValue.Float(reader.GetDouble()),
        _ => throw new JsonException($"a config value must be a number, string or boolean, not {reader.TokenType}"),
    };

    public override void Write(Utf8JsonWriter writer, ConfigValue value, JsonSerializerOptions options)
    {
        switch (value.Kind)
        {
            case ConfigValueKind.Float: WriteFloat(writer, value.AsDouble()); break;
            case ConfigValueKind.Int: writer.WriteNumberValue(value.AsInt()); break;
            case ConfigValueKind.Bool: writer.WriteBooleanValue(value.AsBool()); break;
            default: writer.WriteStringValue(value.AsString()); break;
        }
    }

    /// <summary>A finite float with a fraction or exponent, so that it does not read back as an integer.</summary>
    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
            return;
        }
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        writer.WriteRawValue(text.AsSpan().IndexOfAny('.', 'E') >= 0 ? text : text + ".0", skipInputValidation: true);
    }

    private static bool IsInteger(ref Utf8JsonReader reader)
    {
        var raw = reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray();
        return Array.IndexOf(raw, (byte)'.') < 0 && Array.IndexOf(raw, (byte)'e') < 0 && Array.IndexOf(raw, (byte)'E') < 0;
    }
}
