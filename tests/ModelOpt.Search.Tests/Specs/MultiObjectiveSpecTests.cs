using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public class MultiObjectiveSpecTests
{
    private static string Spec(string objective) =>
        SpecText.WithSpace("  x: {type: float, low: 0, high: 1}\n").Replace("objective: {metric: loss, mode: min}", objective);

    [Fact]
    public void Also_adds_further_objectives_and_the_primary_stays_first()
    {
        var objective = SpecText.Parse(Spec("objective: {metric: loss, mode: min, also: [{metric: parameters, mode: min}, {metric: accuracy, mode: max}]}")).Objective;
        Assert.Equal("loss", objective.Metric);
        Assert.True(objective.IsMultiObjective);
        Assert.Equal([("loss", ObjectiveMode.Min), ("parameters", ObjectiveMode.Min), ("accuracy", ObjectiveMode.Max)],
            objective.All.Select(o => (o.Metric, o.Mode)));
    }

    [Fact]
    public void A_single_objective_has_no_further_ones()
    {
        var objective = SpecText.Parse(Spec("objective: {metric: loss, mode: min}")).Objective;
        Assert.False(objective.IsMultiObjective);
        Assert.Single(objective.All);
    }

    [Theory]
    [InlineData("objective: {metric: loss, mode: min, also: []}", "objective.also", "non-empty list")]
    [InlineData("objective: {metric: loss, mode: min, also: parameters}", "objective.also", "non-empty list")]
    [InlineData("objective: {metric: loss, mode: min, also: [{metric: loss, mode: max}]}", "objective.also[0].metric", "already an objective")]
    [InlineData("objective: {metric: loss, mode: min, also: [{metric: p, mode: min}, {metric: p, mode: max}]}", "objective.also[1].metric", "already an objective")]
    [InlineData("objective: {metric: loss, mode: min, also: [{metric: p, mode: smallest}]}", "objective.also[0].mode", "min, max")]
    [InlineData("objective: {metric: loss, mode: min, also: [{metric: p}]}", "objective.also[0].mode", "required")]
    [InlineData("objective: {metric: loss, mode: min, also: [{metric: p, mode: min, weight: 2}]}", "objective.also[0].weight", "unknown")]
    [InlineData("objective: {metric: loss, mode: min, also: [p]}", "objective.also[0]", "mapping")]
    public void Bad_further_objectives_are_reported_with_their_paths(string objective, string path, string message)
    {
        var error = SpecText.Errors(Spec(objective)).At(path);
        Assert.Contains(message, error.Message);
        Assert.NotNull(error.Line);
    }
}
