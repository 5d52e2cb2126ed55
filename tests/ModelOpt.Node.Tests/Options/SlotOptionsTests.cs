using Microsoft.Extensions.Configuration;
using Xunit;

namespace ModelOpt.Node.Tests.Options;

/// <summary>How many trials a worker runs at once: CPU slots, GPUs, and trials sharing one GPU.</summary>
public sealed class SlotOptionsTests
{
    private static NodeOptions Read(params (string Key, string Value)[] settings) =>
        NodeOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());

    [Fact]
    public void Trials_per_gpu_comes_from_the_switch_the_variable_or_appsettings_and_defaults_to_one()
    {
        Assert.Equal(1, Read().TrialsPerGpu);
        Assert.Equal(4, Read(("trials-per-gpu", "4")).TrialsPerGpu);
        Assert.Equal(3, Read(("MOPT_TRIALS_PER_GPU", "3")).TrialsPerGpu);
        Assert.Equal(2, Read(("Node:TrialsPerGpu", "2")).TrialsPerGpu);
        Assert.Equal(4, Read(("trials-per-gpu", "4"), ("MOPT_TRIALS_PER_GPU", "3")).TrialsPerGpu);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    [InlineData("many")]
    public void A_bad_trials_per_gpu_is_refused_naming_the_switch(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => Read(("trials-per-gpu", value)));
        Assert.StartsWith("--trials-per-gpu:", e.Message);
        Assert.Contains(value, e.Message);
    }

    [Fact]
    public void Trial_isolation_comes_from_the_switch_the_variable_or_appsettings_and_defaults_to_auto()
    {
        Assert.Equal(Cluster.Workers.Isolation.TrialIsolation.Auto, Read().TrialIsolation);
        Assert.Equal(Cluster.Workers.Isolation.TrialIsolation.Process, Read(("trial-isolation", "process")).TrialIsolation);
        Assert.Equal(Cluster.Workers.Isolation.TrialIsolation.Thread, Read(("MOPT_TRIAL_ISOLATION", "thread")).TrialIsolation);
        Assert.Equal(Cluster.Workers.Isolation.TrialIsolation.Process, Read(("Node:TrialIsolation", "Process")).TrialIsolation);
        var e = Assert.Throws<ArgumentException>(() => Read(("trial-isolation", "container")));
        Assert.Equal("--trial-isolation: expected auto, thread or process, got 'container'", e.Message);
    }
}
