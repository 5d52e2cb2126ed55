using ModelOpt.Cli.Tests.Support;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Views;

public sealed class SearchPanelTests
{
    private static string[] Render(SearchInfo search, int width)
    {
        var writer = new StringWriter();
        TestConsoles.Plain(writer, width).Write(SearchPanel.Of(search, TimeSpan.FromSeconds(75), width));
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void The_panel_fits_80_columns_and_shows_budget_running_trials_leaders_and_early_ends()
    {
        var search = SyntheticSearch.Of(11, SearchStatus.Running, running: 2);

        var lines = Render(search, 80);

        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, $"{l.TrimEnd().Length} columns: {l}"));
        var text = string.Join('\n', lines);
        Assert.Contains("synthetic s-test · running · 01:15", text);
        Assert.Contains("9/13", text);
        Assert.Contains("5 completed", text);
        Assert.Contains("3 stopped", text);
        Assert.Contains("1 failed", text);
        Assert.Contains("2 running", text);
        Assert.Contains("3/6", text); // the running trials' epoch progress
        Assert.Single(lines, l => l.Contains("t010") && l.Contains("cpu:0") && l.Contains("3/6"));
        Assert.Contains("best by accuracy (max)", text);
        // Units decide accuracy in this search, so configs lead with them.
        Assert.Single(lines, l => l.Contains(" 1 ") && l.Contains("t008") && l.Contains("  units=128 "));
        Assert.Contains("ended early (3 stopped, 1 failed; latest)", text);
        Assert.Single(lines, l => l.Contains("t005") && l.Contains("non_finite_loss") && l.Contains("loss is NaN"));
    }

    [Fact]
    public void A_long_config_is_cut_not_wrapped()
    {
        var search = SyntheticSearch.Of(4, SearchStatus.Running, running: 1);
        var longConfig = new Dictionary<string, ConfigValue>(search.Trials[^1].Config) { ["a_very_long_parameter_name_that_never_ends"] = ConfigValue.String(new string('x', 120)) };
        search = search with { Trials = [.. search.Trials.SkipLast(1), search.Trials[^1] with { Config = longConfig }] };

        var lines = Render(search, 80);

        Assert.All(lines, l => Assert.True(l.TrimEnd().Length <= 80, l));
        Assert.Single(lines, l => l.Contains("t004") && l.Contains('…'));
    }
}
