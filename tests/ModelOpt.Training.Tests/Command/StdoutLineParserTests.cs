using ModelOpt.Training.Command;
using Xunit;

namespace ModelOpt.Training.Tests.Command;

public sealed class StdoutLineParserTests
{
    [Fact]
    public void Nested_and_flat_epoch_lines_give_the_same_report()
    {
        var nested = Assert.IsType<StdoutLine.Epoch>(StdoutLineParser.Parse("""{"epoch": 3, "metrics": {"val_accuracy": 0.91, "loss": 0.3}}""", null));
        var flat = Assert.IsType<StdoutLine.Epoch>(StdoutLineParser.Parse("""  {"epoch":3,"val_accuracy":0.91,"loss":0.3}""", null));

        Assert.Equal(3, nested.Number);
        Assert.Equal(nested.Metrics, flat.Metrics);
        Assert.Equal(0.91, flat.Metrics["val_accuracy"]);
    }

    [Fact]
    public void A_final_line_carries_the_final_metrics()
    {
        var final = Assert.IsType<StdoutLine.Final>(StdoutLineParser.Parse("""{"final": {"test_accuracy": 0.9}}""", null));

        Assert.Equal(0.9, final.Metrics["test_accuracy"]);
    }

    [Theory]
    [InlineData("""{"epoch": 1, "loss": NaN}""", double.NaN)]
    [InlineData("""{"epoch": 1, "loss": Infinity}""", double.PositiveInfinity)]
    [InlineData("""{"epoch": 1, "loss": -Infinity}""", double.NegativeInfinity)]
    [InlineData("""{"epoch": 1, "loss": "NaN"}""", double.NaN)]
    public void Non_finite_values_as_Python_prints_them_are_read(string line, double expected)
    {
        var epoch = Assert.IsType<StdoutLine.Epoch>(StdoutLineParser.Parse(line, null));

        Assert.Equal(expected, epoch.Metrics["loss"]);
    }

    [Fact]
    public void NaN_inside_a_string_is_left_alone()
    {
        Assert.Equal("""{"msg": "NaN \" Infinity", "x": "NaN"}""", StdoutLineParser.QuoteNonFiniteTokens("""{"msg": "NaN \" Infinity", "x": NaN}"""));
    }

    [Theory]
    [InlineData("plain text")]
    [InlineData("""{"step": 10, "lr": 0.1}""")]
    [InlineData("[1, 2, 3]")]
    public void Lines_that_are_not_metrics_are_log(string line)
    {
        Assert.Equal(line, Assert.IsType<StdoutLine.Log>(StdoutLineParser.Parse(line, null)).Text);
    }

    [Theory]
    [InlineData("""{"epoch": 1, "loss": """, "not valid JSON")]
    [InlineData("""{"epoch": 0, "loss": 1}""", "whole number >= 1")]
    [InlineData("""{"epoch": 1.5, "loss": 1}""", "whole number >= 1")]
    [InlineData("""{"epoch": 1}""", "no metrics")]
    [InlineData("""{"epoch": 1, "metrics": [1]}""", "\"metrics\" must be an object")]
    [InlineData("""{"final": 3}""", "\"final\" must be an object")]
    [InlineData("""{"epoch": 1, "phase": "val"}""", "metric 'phase' must be a number")]
    public void Broken_metrics_lines_are_malformed_with_the_reason(string line, string problem)
    {
        var malformed = Assert.IsType<StdoutLine.Malformed>(StdoutLineParser.Parse(line, null));

        Assert.Contains(problem, malformed.Problem);
        Assert.Equal(line, malformed.Text);
    }

    [Fact]
    public void With_a_prefix_unprefixed_lines_are_log_and_prefixed_ones_must_be_metrics()
    {
        Assert.IsType<StdoutLine.Log>(StdoutLineParser.Parse("""{"epoch": 1, "loss": 1}""", "@metrics"));
        Assert.Equal(1, Assert.IsType<StdoutLine.Epoch>(StdoutLineParser.Parse("""@metrics {"epoch": 1, "loss": 1}""", "@metrics")).Number);
        Assert.IsType<StdoutLine.Malformed>(StdoutLineParser.Parse("@metrics loss=1", "@metrics"));
        Assert.IsType<StdoutLine.Malformed>(StdoutLineParser.Parse("""@metrics {"loss": 1}""", "@metrics"));
    }

    [Fact]
    public void A_line_holding_half_a_character_is_malformed_not_an_exception()
    {
        // Found by StdoutFuzzTests: a lone surrogate made the JSON reader throw ArgumentException.
        var line = "{\"epoch\": 1, \"loss\": 1, \"note\": \"" + '\uD83D' + "\"}";

        Assert.Contains("half of a character", Assert.IsType<StdoutLine.Malformed>(StdoutLineParser.Parse(line, null)).Problem);
    }
}
