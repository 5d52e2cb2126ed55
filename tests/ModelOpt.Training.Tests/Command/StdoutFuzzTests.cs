using System.Text;
using CsCheck;
using ModelOpt.Search.Tests.Fuzzing;
using ModelOpt.Training.Command;
using Xunit;
using Xunit.Abstractions;

namespace ModelOpt.Training.Tests.Command;

/// <summary>
/// A trainer may print anything: every stdout line reads as one of the four line kinds (never an exception), and any
/// byte stream reads as bounded UTF-8 lines, with a metrics line read the same with and without the bytes around it.
/// </summary>
public sealed class StdoutFuzzTests(ITestOutputHelper output)
{
    private static readonly string[] Fragments =
    [
        "{", "}", "\"epoch\": ", "\"final\": ", "\"metrics\": {", "NaN", "Infinity", "-Infinity", "1e309", "-0", "2147483648", "1.5",
        "\"loss\": 1", ", ", "\\u0000", "\\\"", "\"", "[", "]", "null", "true", "@@", "\uFEFF", "\uFFFD", "\uD83D", " ",
    ];

    private static readonly string[] Seeds =
    [
        """{"epoch": 1, "metrics": {"val_accuracy": 0.5, "loss": 1.25}}""",
        """{"epoch": 2, "val_accuracy": 0.75, "loss": NaN}""",
        """{"final": {"test_accuracy": 0.9}}""",
        """@@ {"epoch": 3, "loss": -Infinity}""",
        "plain log line",
    ];

    [Fact]
    public void Any_stdout_line_reads_as_metrics_log_or_malformed()
    {
        var gen = Gen.Select(Fuzz.Mutations(Seeds, Fragments), Gen.Bool);

        var slowest = Fuzz.Check(gen, input =>
        {
            var (line, prefixed) = input;
            var read = StdoutLineParser.Parse(line, prefixed ? "@@" : null);
            switch (read)
            {
                case StdoutLine.Epoch epoch:
                    Assert.InRange(epoch.Number, 1, int.MaxValue);
                    Assert.NotEmpty(epoch.Metrics);
                    break;
                case StdoutLine.Final final:
                    Assert.NotEmpty(final.Metrics);
                    break;
                case StdoutLine.Malformed malformed:
                    Assert.False(string.IsNullOrEmpty(malformed.Problem));
                    break;
                default:
                    Assert.IsType<StdoutLine.Log>(read);
                    break;
            }
        }, input => input.Item1);

        output.WriteLine($"{Fuzz.Cases} cases, slowest {slowest.TotalMilliseconds:0.0} ms");
    }

    [Fact]
    public void Any_bytes_read_as_bounded_lines_and_the_metrics_line_after_them_still_reads()
    {
        const int maxLine = 256;
        var gen = Gen.Byte.Array[0, 3000];

        var slowest = Fuzz.Check(gen, bytes =>
        {
            var metrics = Encoding.UTF8.GetBytes("\n{\"epoch\": 7, \"loss\": 0.5}\n");
            using var stream = new MemoryStream([.. bytes, .. metrics]);
            var reader = new OutputLineReader(stream, maxLine);
            var lines = new List<OutputLine>();
            while (reader.ReadLineAsync(CancellationToken.None).GetAwaiter().GetResult() is { } line) lines.Add(line);

            Assert.All(lines, line => Assert.InRange(line.Text.Length, 0, maxLine));
            var last = Assert.IsType<StdoutLine.Epoch>(StdoutLineParser.Parse(lines[^1].Text, null));
            Assert.Equal(7, last.Number);
        }, Convert.ToHexString);

        output.WriteLine($"{Fuzz.Cases} cases, slowest {slowest.TotalMilliseconds:0.0} ms");
    }
}
