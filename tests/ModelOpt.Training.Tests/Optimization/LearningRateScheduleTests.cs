using ModelOpt.Training.Optimization;
using Xunit;

namespace ModelOpt.Training.Tests.Optimization;

public class LearningRateScheduleTests
{
    [Fact]
    public void Cosine_falls_from_the_base_rate_to_zero_at_the_end()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Cosine, 0.1, TotalEpochs: 10, StepsPerEpoch: 100);
        Assert.Equal(0.1, schedule.RateAt(0), 12);
        Assert.Equal(0.05, schedule.RateAt(500), 12);
        Assert.True(schedule.RateAt(999) < 1e-6);
        Assert.Equal(0, schedule.RateAt(1000), 12);
    }

    [Fact]
    public void Warm_up_ramps_linearly_per_step_then_hands_over()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Constant, 0.2, TotalEpochs: 5, StepsPerEpoch: 10, WarmupEpochs: 2);
        Assert.Equal(0.01, schedule.RateAt(0), 12);
        Assert.Equal(0.1, schedule.RateAt(9), 12);
        Assert.Equal(0.2, schedule.RateAt(19), 12);
        Assert.Equal(0.2, schedule.RateAt(20), 12);
        var cosine = schedule with { Kind = ScheduleKind.Cosine };
        Assert.Equal(0.2, cosine.RateAt(20), 12);
        Assert.Equal(0.1, cosine.RateAt(35), 12);
    }

    [Fact]
    public void Step_and_exponential_decay_by_epoch()
    {
        var step = new LearningRateSchedule(ScheduleKind.Step, 1, 10, 4, StepSize: 3, Gamma: 0.5);
        Assert.Equal([1, 1, 1, 0.5, 0.5, 0.5, 0.25], Enumerable.Range(0, 7).Select(e => step.RateAt(e * 4 + 3)));
        var exponential = new LearningRateSchedule(ScheduleKind.Exponential, 1, 10, 4, Gamma: 0.9);
        Assert.Equal(0.9 * 0.9, exponential.RateAt(2 * 4), 12);
    }
}
