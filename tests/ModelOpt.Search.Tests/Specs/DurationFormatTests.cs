using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public class DurationFormatTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("1h30m", 5400)]
    [InlineData("1d2h3m4s", 93784)]
    [InlineData("1.5h", 5400)]
    [InlineData("90", 90)]
    [InlineData("0.25", 0.25)]
    public void Reads_units_combinations_and_plain_seconds(string text, double seconds)
    {
        Assert.True(DurationFormat.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("0s")]
    [InlineData("30m1h")]
    [InlineData("10 minutes")]
    [InlineData("5ms")]
    [InlineData("NaN")]
    [InlineData("h")]
    public void Rejects_what_is_not_a_positive_duration(string text) =>
        Assert.False(DurationFormat.TryParse(text, out _));

    [Theory]
    [InlineData(5400, "1h30m")]
    [InlineData(93784, "1d2h3m4s")]
    [InlineData(0.5, "0.5s")]
    public void Formats_what_it_reads(double seconds, string text)
    {
        Assert.Equal(text, DurationFormat.Format(TimeSpan.FromSeconds(seconds)));
        Assert.True(DurationFormat.TryParse(text, out var back));
        Assert.Equal(TimeSpan.FromSeconds(seconds), back);
    }

    [Fact]
    public void Spec_durations_accept_numbers_of_seconds()
    {
        var spec = SpecText.Parse(SpecText.Branin("trial: {timeout: 45}\n").Replace("maxTrials: 10", "maxTrials: 10, maxWallTime: 1h30m"));

        Assert.Equal(TimeSpan.FromSeconds(45), spec.Trial.Timeout);
        Assert.Equal(TimeSpan.FromMinutes(90), spec.Budget.MaxWallTime);
    }
}
