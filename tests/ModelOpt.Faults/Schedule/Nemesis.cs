using System.Diagnostics;
using ModelOpt.Faults.Lab;
using ModelOpt.Faults.Nodes;

namespace ModelOpt.Faults.Schedule;

/// <summary>
/// Plays a <see cref="FaultSchedule"/> against a cluster in real time: kills and restarts its nodes, cuts and heals
/// links and sets latency and loss in its <see cref="NetworkLab"/>. After every repair it measures how long the cluster
/// took to be whole again (<paramref name="whyNotWhole"/> answers null: every node a reachable member, every slot registered), while
/// the schedule goes on. What it did, and when, is kept for the report.
/// </summary>
public sealed class Nemesis(LabCluster cluster, NetworkLab? lab, Func<CancellationToken, Task<string?>> whyNotWhole, Action<string>? log = null)
{
    private readonly List<AppliedFault> _applied = [];
    private readonly List<Task> _probes = [];

    public IReadOnlyList<AppliedFault> Applied
    {
        get
        {
            lock (_applied) return [.. _applied];
        }
    }

    /// <summary>Runs the schedule to its end, then waits (up to <paramref name="settle"/>) for the last recoveries.</summary>
    public async Task RunAsync(FaultSchedule schedule, TimeSpan settle, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        foreach (var fault in schedule.Faults.OrderBy(f => f.At))
        {
            var wait = fault.At - clock.Elapsed;
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
            var applied = new AppliedFault(fault, clock.Elapsed);
            lock (_applied) _applied.Add(applied);
            log?.Invoke($"nemesis {clock.Elapsed.TotalSeconds,6:0.0}s: {Describe(fault)}");
            await ApplyAsync(fault);
            if (fault.Repairs) _probes.Add(MeasureRecoveryAsync(applied, clock, cancellationToken));
        }
        await Task.WhenAny(Task.WhenAll(_probes), Task.Delay(settle, cancellationToken));
    }

    /// <summary>Undoes every network fault (after a run, also a failed one).</summary>
    public void Calm()
    {
        lab?.Heal();
        lab?.Loss(0);
        cluster.SetLatency(TimeSpan.Zero);
    }

    public static string Describe(Fault fault) => fault switch
    {
        Kill k => $"kill -9 {k.Node}",
        Restart r => $"restart {r.Node}",
        Partition p => $"partition [{string.Join(",", p.Side)}] | [{string.Join(",", p.Other)}]",
        Heal => "heal",
        Latency l => $"latency {l.Milliseconds} ms",
        Loss l => $"loss {l.Percent} %",
        _ => fault.ToString(),
    };

    private async Task ApplyAsync(Fault fault)
    {
        switch (fault)
        {
            case Kill k:
                await cluster.KillAsync(cluster.Node(k.Node));
                break;
            case Restart r:
                if (!cluster.Node(r.Node).IsRunning) cluster.Node(r.Node).Start();
                break;
            case Partition p:
                Lab().Partition(p.Side.Select(Host), p.Other.Select(Host));
                break;
            case Heal:
                Lab().Heal();
                break;
            case Latency l:
                cluster.SetLatency(TimeSpan.FromMilliseconds(l.Milliseconds));
                break;
            case Loss l:
                Lab().Loss(l.Percent);
                break;
        }
    }

    private async Task MeasureRecoveryAsync(AppliedFault repair, Stopwatch clock, CancellationToken cancellationToken)
    {
        var told = clock.Elapsed;
        while (!cancellationToken.IsCancellationRequested)
        {
            string? why;
            try
            {
                why = await whyNotWhole(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                why = e.Message;
            }
            if (why is null)
            {
                repair.RecoveredAfter = clock.Elapsed - repair.AppliedAt;
                log?.Invoke($"nemesis {clock.Elapsed.TotalSeconds,6:0.0}s: whole again {repair.RecoveredAfter.Value.TotalSeconds:0.0}s after {Describe(repair.Fault)}");
                return;
            }
            repair.NotWholeBecause = why;
            if (clock.Elapsed - told > TimeSpan.FromSeconds(10))
            {
                told = clock.Elapsed;
                log?.Invoke($"nemesis {clock.Elapsed.TotalSeconds,6:0.0}s: not whole since {Describe(repair.Fault)}: {why}");
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    private NetworkLab Lab() => lab ?? throw new InvalidOperationException("network faults need a NetworkLab");

    private LabHost Host(string node) => cluster.Node(node).Spec.Host ?? throw new InvalidOperationException($"{node} is not on a lab host");
}

/// <summary>A fault as it happened: when, and for a repair how long until the cluster was whole again (null: not yet).</summary>
public sealed class AppliedFault(Fault fault, TimeSpan appliedAt)
{
    public Fault Fault { get; } = fault;
    public TimeSpan AppliedAt { get; } = appliedAt;
    public TimeSpan? RecoveredAfter { get; set; }

    /// <summary>Why the cluster was not whole at the last look after this repair (for a recovery that did not come).</summary>
    public string? NotWholeBecause { get; set; }
}
