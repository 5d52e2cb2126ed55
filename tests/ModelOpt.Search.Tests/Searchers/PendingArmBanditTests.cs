using ModelOpt.Search.Searchers.Gp;
using Xunit;

namespace ModelOpt.Search.Tests.Searchers;

public class PendingArmBanditTests
{
    [Fact]
    public void Without_results_every_arm_is_equally_likely()
    {
        var probabilities = new PendingArmBandit(3, 0.05).Probabilities();
        Assert.All(probabilities, p => Assert.Equal(1.0 / 3, p, 12));
    }

    [Fact]
    public void The_arm_whose_trials_keep_improving_is_drawn_most_and_no_arm_drops_below_its_floor()
    {
        var bandit = new PendingArmBandit(3, 0.05);
        var random = new DeterministicRandom(4);
        for (var round = 0; round < 90; round++)
        {
            var probabilities = bandit.Probabilities();
            var arm = PendingArmBandit.Draw(probabilities, random);
            // Arm 2's trials always beat the best known, arm 0's never, arm 1's every third time.
            var reward = arm switch { 2 => 1.0, 1 => round % 3 == 0 ? 1 : 0, _ => 0.0 };
            bandit.Reward(new PendingArm(arm, probabilities[arm], 0), reward);
        }
        var final = bandit.Probabilities();
        Assert.Equal(1, final.Sum(), 12);
        Assert.True(final[2] > 0.8 && final[0] >= 0.1 / 3 - 1e-12, string.Join(", ", final));
    }

    [Fact]
    public void Draw_follows_the_probabilities()
    {
        var random = new DeterministicRandom(5);
        var counts = new int[3];
        for (var i = 0; i < 4000; i++) counts[PendingArmBandit.Draw([0.5, 0.25, 0.25], random)]++;
        Assert.InRange(counts[0], 1850, 2150);
        Assert.InRange(counts[1], 880, 1120);
    }
}
