using ModelOpt.Training.Techniques.MultiTask;
using Xunit;

namespace ModelOpt.Training.Tests.Techniques;

public class LabelRuleTests
{
    [Theory]
    [InlineData("y", new long[] { 0, 1, 2, 3, 4, 5 })]
    [InlineData("y % 2", new long[] { 0, 1, 0, 1, 0, 1 })]
    [InlineData("y//3", new long[] { 0, 0, 0, 1, 1, 1 })]
    [InlineData(" y >= 4 ", new long[] { 0, 0, 0, 0, 1, 1 })]
    [InlineData("y > 4", new long[] { 0, 0, 0, 0, 0, 1 })]
    [InlineData("y <= 1", new long[] { 1, 1, 0, 0, 0, 0 })]
    [InlineData("y < 1", new long[] { 1, 0, 0, 0, 0, 0 })]
    [InlineData("y == 3", new long[] { 0, 0, 0, 1, 0, 0 })]
    public void Rules_map_every_class(string text, long[] expected)
    {
        var rule = LabelRule.TryParse(text, out var problem);
        Assert.Null(problem);
        Assert.Equal(expected, rule!.Table(6));
    }

    [Theory]
    [InlineData("x % 2", "not a label rule")]
    [InlineData("y % 0", "divisor")]
    [InlineData("y * 2", "not a label rule")]
    [InlineData("y % -2", "not a label rule")]
    public void Bad_rules_say_why(string text, string message)
    {
        Assert.Null(LabelRule.TryParse(text, out var problem));
        Assert.Contains(message, problem);
    }
}
