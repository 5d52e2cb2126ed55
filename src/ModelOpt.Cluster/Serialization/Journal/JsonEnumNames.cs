using System.Globalization;
using System.Text.Json;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary>
/// An enum's values as <see cref="System.Text.Json.Serialization.JsonStringEnumConverter"/> writes and reads them (the
/// name, or a number for a value without one; read from a name in any case, a number, or either in a string) for enums
/// numbered 0, 1, 2, …, without that converter's per-enum generic code, which a node would compile on its first search.
/// </summary>
internal sealed class JsonEnumNames
{
    private readonly string[] _names;
    private readonly JsonEncodedText[] _encoded;

    public JsonEnumNames(Type enumType)
    {
        _names = Enum.GetNames(enumType);
        var values = Enum.GetValues(enumType);
        for (var i = 0; i < values.Length; i++)
        {
            if (Convert.ToInt64(values.GetValue(i), CultureInfo.InvariantCulture) != i)
                throw new ArgumentException($"{enumType.Name} is not numbered 0, 1, 2, …", nameof(enumType));
        }
        _encoded = new JsonEncodedText[_names.Length];
        for (var i = 0; i < _names.Length; i++) _encoded[i] = JsonEncodedText.Encode(_names[i]);
    }

    public void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int value)
    {
        writer.WritePropertyName(name);
        if ((uint)value < (uint)_encoded.Length) writer.WriteStringValue(_encoded[value]);
        else writer.WriteNumberValue(value);
    }

    public void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } defined) Write(writer, name, defined);
    }

    public int Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)) return value;
        if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected an enum name, found {reader.TokenType}");
        for (var i = 0; i < _names.Length; i++)
        {
            if (reader.ValueTextEquals(_names[i])) return i;
        }
        var text = reader.GetString()!;
        // As the reflection converter does: an integer in a string (optional blanks and sign, digits, nothing else),
        // or names in any case, several joined by commas combined.
        var digits = text.Trim().TrimStart('+', '-');
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw NotOne(text);
        var combined = 0;
        foreach (var part in text.Split(','))
        {
            var match = Array.FindIndex(_names, name => string.Equals(name, part.Trim(), StringComparison.OrdinalIgnoreCase));
            combined |= match >= 0 ? match : throw NotOne(text);
        }
        return combined;
    }

    public int? ReadNullable(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : Read(ref reader);

    private JsonException NotOne(string text) => new($"'{text}' is not one of {string.Join(", ", _names)}");
}
