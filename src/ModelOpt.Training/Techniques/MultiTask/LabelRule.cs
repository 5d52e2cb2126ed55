using System.Globalization;
using System.Text.RegularExpressions;

namespace ModelOpt.Training.Techniques.MultiTask;

/// <summary>
/// How a task's label derives from the data set's class id <c>y</c>: <c>y</c> itself, <c>y % k</c>, <c>y // k</c>
/// (integer division), or a comparison <c>y &gt;= k</c>, <c>y &gt; k</c>, <c>y &lt;= k</c>, <c>y &lt; k</c>,
/// <c>y == k</c> (1 when true, 0 when false), with k a whole number (≥ 1 for % and //).
/// </summary>
public sealed partial class LabelRule
{
    private readonly string _operator;
    private readonly int _operand;

    private LabelRule(string text, string op, int operand)
    {
        Text = text;
        _operator = op;
        _operand = operand;
    }

    public static LabelRule Identity { get; } = new("y", "", 0);

    public string Text { get; }

    public bool IsIdentity => _operator.Length == 0;

    [GeneratedRegex(@"^\s*y\s*(?:(%|//|>=|<=|==|>|<)\s*(\d{1,9})\s*)?$")]
    private static partial Regex Pattern();

    /// <summary>The rule, or null with <paramref name="problem"/> saying why the text is not one.</summary>
    public static LabelRule? TryParse(string text, out string? problem)
    {
        problem = null;
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            problem = $"'{text}' is not a label rule; write y, y % k, y // k, y >= k, y > k, y <= k, y < k or y == k";
            return null;
        }
        if (!match.Groups[1].Success) return Identity;
        var op = match.Groups[1].Value;
        var operand = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        if (op is "%" or "//" && operand < 1)
        {
            problem = $"'{text}': the divisor must be at least 1";
            return null;
        }
        return new LabelRule(text.Trim(), op, operand);
    }

    public int Apply(int y) => _operator switch
    {
        "" => y,
        "%" => y % _operand,
        "//" => y / _operand,
        ">=" => y >= _operand ? 1 : 0,
        ">" => y > _operand ? 1 : 0,
        "<=" => y <= _operand ? 1 : 0,
        "<" => y < _operand ? 1 : 0,
        _ => y == _operand ? 1 : 0,
    };

    /// <summary>The derived label of every class id 0 … <paramref name="classes"/> − 1.</summary>
    public long[] Table(int classes) => [.. Enumerable.Range(0, classes).Select(y => (long)Apply(y))];
}
