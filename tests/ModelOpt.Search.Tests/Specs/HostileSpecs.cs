using System.Text;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>
/// Specs written to cost a reader as much as possible (issue 14's findings), and one that shows what a trial sees,
/// shared by the parser's tests and the tests of every path a spec comes in by (<c>mopt run</c>, <c>search submit</c>,
/// the endpoint, a worker node), which link this file.
/// </summary>
public static class HostileSpecs
{
    private const string Head = """
        apiVersion: modelopt/v1
        name: hostile
        objective: {metric: value, mode: min}

        """;

    private const string BraninSpace = """
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}

        """;

    /// <summary>
    /// "Billion laughs" in about 500 bytes: nine lists, each holding the one before nine times, expand to 9^9
    /// (387 million) strings.
    /// </summary>
    public static string BillionLaughs()
    {
        var text = new StringBuilder(Head).Append(BraninSpace)
            .Append("budget: {maxTrials: 10}\nworkload: {kind: function, function: branin}\n")
            .Append("lol:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var below = (char)(level - 1);
            text.Append($"  {level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{below}", 9))}]\n");
        }
        return text.ToString();
    }

    /// <summary>The same bomb as the values of a categorical parameter (<c>space.x0.values</c>).</summary>
    public static string BombInCategoricalValues()
    {
        var anchors = new StringBuilder("[&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]");
        for (var level = 'b'; level <= 'i'; level++)
            anchors.Append($", &{level} [{string.Join(", ", Enumerable.Repeat($"*{(char)(level - 1)}", 9))}]");
        anchors.Append(']');
        return Head + $"space:\n  x0: {{type: categorical, values: {anchors}}}\n"
               + "budget: {maxTrials: 10}\nworkload: {kind: function, function: branin}\n";
    }

    /// <summary>About 6 MB: one categorical parameter with 700,000 values.</summary>
    public static string SevenHundredThousandValues()
    {
        var text = new StringBuilder(Head).Append("space:\n  x0:\n    type: categorical\n    values: [");
        for (var i = 0; i < 700_000; i++) text.Append(i == 0 ? "" : ", ").Append('v').Append(i);
        return text.Append("]\nbudget: {maxTrials: 10}\nworkload: {kind: function, function: branin}\n").ToString();
    }

    /// <summary>A valid Branin spec but for <c>budget.maxTrials: 100000000</c> (line 7, column 21).</summary>
    public static string HundredMillionTrials() =>
        Head + BraninSpace + "budget: {maxTrials: 100000000}\nworkload: {kind: function, function: branin}\n";

    /// <summary>A valid Branin spec but for <c>workload.noise: .inf</c> (line 8, column 53).</summary>
    public static string InfiniteNoise() =>
        Head + BraninSpace + "budget: {maxTrials: 10}\nworkload: {kind: function, function: branin, noise: .inf}\n";

    /// <summary><paramref name="levels"/> lists nested in one another, as the value of an unknown top-level key.</summary>
    public static string Nested(int levels) =>
        Head + BraninSpace + "budget: {maxTrials: 10}\nworkload: {kind: function, function: branin}\n"
        + "deep: " + new string('[', levels) + new string(']', levels) + "\n";

    /// <summary>One command trial that writes its environment to <paramref name="file"/>: what a curious trainer sees.</summary>
    public static string EnvironmentDump(string file) => $$"""
        apiVersion: modelopt/v1
        name: env-dump
        objective: {metric: value, mode: min}
        space:
          x: {type: float, low: 0, high: 1}
        budget: {maxTrials: 1, maxEpochsPerTrial: 1}
        workload:
          kind: command
          shell: true
          logDir: {{Path.GetDirectoryName(file)}}/logs
          command: ['env > {{file}}; echo "{\"epoch\": 1, \"value\": 1}"']
        """;
}
