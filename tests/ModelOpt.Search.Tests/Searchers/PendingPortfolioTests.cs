using ModelOpt.Search.Searchers.Gp;
using Xunit;

namespace ModelOpt.Search.Tests.Searchers;

public class PendingPortfolioTests
{
    [Fact]
    public void The_arm_whose_nominees_the_model_now_rates_best_is_followed_most()
    {
        var portfolio = new PendingPortfolio(3);
        for (var r = 0; r < 6; r++)
        {
            // Arm a's nominee sits at x = a; the mean below rates x = 2 best.
            portfolio.Offer($"t{r}", [[0.0], [1.0], [2.0]]);
            portfolio.Accept($"t{r}");
        }
        var random = new DeterministicRandom(3);
        var follows = new int[3];
        for (var i = 0; i < 1000; i++) follows[portfolio.Choose(p => -p[0], random)]++;
        // Gains 0, 6 and 12: arm 2 nearly always, arm 0 almost never.
        Assert.True(follows[2] > 990 && follows[0] == 0, string.Join(", ", follows));
    }

    [Fact]
    public void Without_accepted_nominees_every_arm_is_equally_likely()
    {
        var portfolio = new PendingPortfolio(3);
        portfolio.Offer("never-accepted", [[0.0], [1.0], [2.0]]);
        var random = new DeterministicRandom(5);
        var follows = new int[3];
        for (var i = 0; i < 3000; i++) follows[portfolio.Choose(p => -p[0], random)]++;
        Assert.All(follows, n => Assert.InRange(n, 850, 1150));
    }
}
