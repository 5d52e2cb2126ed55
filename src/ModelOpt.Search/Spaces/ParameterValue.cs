using System.Globalization;

namespace ModelOpt.Search.Spaces;

public enum ValueKind { Float, Int, String, Bool }

/// <summary>One parameter's value: a float, an integer, a string or a boolean. Immutable and comparable by value.</summary>
public readonly record struct ParameterValue
{
    private readonly double _number;
    private readonly string? _text;

    private ParameterValue(ValueKind kind, double number, string? text)
    {
        Kind = kind;
        _number = number;
        _text = text;
    }

    public ValueKind Kind { get; }

    public static ParameterValue Float(double value) => new(ValueKind.Float, value, null);
    public static ParameterValue Int(long value) => new(ValueKind.Int, value, null);
    public static ParameterValue String(string value) => new(ValueKind.String, 0, value ?? throw new ArgumentNullException(nameof(value)));
    public static ParameterValue Bool(bool value) => new(ValueKind.Bool, value ? 1 : 0, null);

    public bool IsNumeric => Kind is ValueKind.Float or ValueKind.Int;

    public double AsDouble() => Kind switch
    {
        ValueKind.Float or ValueKind.Int or ValueKind.Bool => _number,
        _ => throw new InvalidOperationException($"value '{_text}' is a string, not a number"),
    };

    public long AsInt() => Kind switch
    {
        ValueKind.Int or ValueKind.Bool => (long)_number,
        ValueKind.Float when Math.Abs(_number - Math.Round(_number)) < 1e-9 => (long)Math.Round(_number),
        ValueKind.Float => throw new InvalidOperationException($"value {_number.ToString(CultureInfo.InvariantCulture)} is not an integer"),
        _ => throw new InvalidOperationException($"value '{_text}' is a string, not an integer"),
    };

    public string AsString() => Kind == ValueKind.String ? _text! : ToString();

    public bool AsBool() => Kind switch
    {
        ValueKind.Bool => _number != 0,
        _ => throw new InvalidOperationException($"value {ToString()} is not a boolean"),
    };

    /// <summary>The value as a plain CLR object (double, long, string or bool), for JSON and display.</summary>
    public object ToObject() => Kind switch
    {
        ValueKind.Float => _number,
        ValueKind.Int => (long)_number,
        ValueKind.Bool => _number != 0,
        _ => _text!,
    };

    public static ParameterValue FromObject(object value) => value switch
    {
        ParameterValue v => v,
        double d => Float(d),
        float f => Float(f),
        decimal m => Float((double)m),
        int i => Int(i),
        long l => Int(l),
        bool b => Bool(b),
        string s => String(s),
        _ => throw new ArgumentException($"unsupported parameter value type {value.GetType().Name}"),
    };

    public override string ToString() => Kind switch
    {
        ValueKind.Float => _number.ToString("G6", CultureInfo.InvariantCulture),
        ValueKind.Int => ((long)_number).ToString(CultureInfo.InvariantCulture),
        ValueKind.Bool => _number != 0 ? "true" : "false",
        _ => _text!,
    };
}
