using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public sealed class SlotShareSpecTests
{
    private static string WithBudget(string budget) => SpecText.Branin().Replace("budget: {maxTrials: 10}", $"budget: {budget}");

    [Fact]
    public void Priority_and_share_default_to_0_and_1()
    {
        var budget = SpecText.Parse(SpecText.Branin()).Budget;

        Assert.Equal((0, 1.0), (budget.Priority, budget.Share));
    }

    [Fact]
    public void Priority_and_share_are_read_from_the_budget()
    {
        var budget = SpecText.Parse(WithBudget("{maxTrials: 10, priority: -3, share: 2.5}")).Budget;

        Assert.Equal((-3, 2.5), (budget.Priority, budget.Share));
    }

    [Theory]
    [InlineData("{maxTrials: 10, share: 0}", "budget.share", "must be > 0 and ≤ 1000, got 0")]
    [InlineData("{maxTrials: 10, share: 1001}", "budget.share", "must be > 0 and ≤ 1000, got 1001")]
    [InlineData("{maxTrials: 10, share: lots}", "budget.share", "must be a number, got 'lots'")]
    [InlineData("{maxTrials: 10, priority: 1.5}", "budget.priority", "must be an integer, got 1.5")]
    [InlineData("{maxTrials: 10, priority: 1001}", "budget.priority", "must be ≤ 1000, got 1001")]
    public void Out_of_range_values_are_errors_with_their_path(string budget, string path, string message)
    {
        var error = Assert.Single(SpecText.Errors(WithBudget(budget)));

        Assert.Equal((path, message), (error.Path, error.Message));
    }
}
