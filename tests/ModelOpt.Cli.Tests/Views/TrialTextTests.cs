using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Views;

public sealed class TrialTextTests
{
    [Theory]
    [InlineData(100735.0, "100735")]
    [InlineData(0.933333, "0.9333")]
    [InlineData(3.2e-5, "3.2E-05")]
    [InlineData(double.NaN, "NaN")]
    public void Numbers_keep_whole_counts_in_full_and_others_to_four_digits(double value, string expected) =>
        Assert.Equal(expected, TrialText.Number(value));

    [Fact]
    public void A_config_can_lead_with_chosen_parameters_and_floats_are_short()
    {
        var config = new Dictionary<string, ConfigValue> { ["activation"] = ConfigValue.String("relu"), ["lr"] = ConfigValue.Float(0.0123456), ["units"] = ConfigValue.Int(64) };

        Assert.Equal("activation=relu lr=0.0123 units=64", TrialText.Config(config));
        Assert.Equal("units=64 lr=0.0123 activation=relu", TrialText.Config(config, ["units", "lr"]));
    }
}
