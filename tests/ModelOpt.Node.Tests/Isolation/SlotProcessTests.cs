using System.Diagnostics;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Node.Tests.Isolation;

/// <summary>
/// Trial processes on CPU slots (the same code path GPU slots take by default): a trial process that dies fails only
/// its own trial, as a crash with its exit, and the slot's next trial gets a fresh process; a cancelled trial unwinds
/// inside its process, which stays for the next one. The trial process is ModelOpt.Node from the test's output.
/// </summary>
public sealed class SlotProcessTests
{
    private const string Spec = """
        apiVersion: modelopt/v1
        name: isolation
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.001, high: 0.1}
        budget: {maxTrials: 4, maxEpochsPerTrial: 30}
        workload: {kind: curve, epochSeconds: 0.1}
        """;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    internal static TrialHostCommand NodeProgram => TrialHostCommand.Dotnet(Path.Combine(AppContext.BaseDirectory, "ModelOpt.Node.dll"));

    private static TrialContext Trial(string id, int epochs) =>
        new("s1", id, new Config([KeyValuePair.Create("lr", ParameterValue.Float(0.01))]), epochs, 1);

    [Fact]
    public async Task A_killed_trial_process_fails_its_own_trial_as_a_crash_and_its_slot_starts_a_new_one()
    {
        using var victim = new SlotProcess("cpu#0", NodeProgram);
        using var neighbour = new SlotProcess("cpu#1", NodeProgram);
        var firstEpoch = new TaskCompletionSource();
        var doomed = Task.Run(() => victim.RunAsync(Spec, Trial("t1", 30), _ => firstEpoch.TrySetResult(), CancellationToken.None));
        var neighbourEpochs = new List<int>();
        var survivor = Task.Run(() => neighbour.RunAsync(Spec, Trial("t2", 25), r => neighbourEpochs.Add(r.Epoch), CancellationToken.None));

        await firstEpoch.Task.WaitAsync(Deadline);
        var killed = victim.ProcessId ?? throw new InvalidOperationException("no trial process");
        Process.GetProcessById(killed).Kill();

        var crash = await Assert.ThrowsAsync<TrialFailedException>(() => doomed.WaitAsync(Deadline));
        Assert.Equal(FailureKind.Crash, crash.Kind);
        Assert.Contains($"the trial process {killed} of slot cpu#0 died", crash.Message);
        Assert.Contains("killed by signal 9", crash.Message);

        var survived = await survivor.WaitAsync(Deadline);
        Assert.True(survived.Metrics.ContainsKey("accuracy"));
        Assert.Equal(Enumerable.Range(1, 25), neighbourEpochs);

        var next = await victim.RunAsync(Spec, Trial("t3", 2), _ => { }, CancellationToken.None).WaitAsync(Deadline);
        Assert.True(next.Metrics.ContainsKey("accuracy"));
        Assert.NotEqual(killed, victim.ProcessId);
    }

    [Fact]
    public async Task A_cancelled_trial_unwinds_in_its_process_which_then_runs_the_next_trial()
    {
        using var slot = new SlotProcess("cpu#0", NodeProgram);
        using var cancel = new CancellationTokenSource();
        var epochs = 0;
        var run = Task.Run(() => slot.RunAsync(Spec, Trial("t1", 30), _ =>
        {
            if (Interlocked.Increment(ref epochs) == 1) cancel.Cancel();
        }, cancel.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Deadline));
        // Stopped before its 30th epoch; how many ran before the cancel reached the process depends on the machine's load.
        Assert.InRange(epochs, 1, 29);
        var process = slot.ProcessId;
        Assert.NotNull(process);

        var next = await slot.RunAsync(Spec, Trial("t2", 2), _ => { }, CancellationToken.None).WaitAsync(Deadline);
        Assert.True(next.Metrics.ContainsKey("accuracy"));
        Assert.Equal(process, slot.ProcessId);
    }
}
