using ModelOpt.Cluster.Searches.External;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// Decisions for external searches (<c>workload.kind: external</c>), whose trials clients run through ask, report and
/// tell. They make the same events as trials on worker slots — an ask is a slot grant whose "node" is the client — so
/// replay, snapshots, telemetry and every view treat both alike. Repeated reports and tells (a client retrying after a
/// lost answer) are answered from the state and never journaled twice; an attempt that no longer holds its trial is refused.
/// </summary>
public sealed partial record SearchState
{
    /// <summary>The device shown for trials that clients run.</summary>
    public const string ExternalDevice = "external";

    /// <summary>Whether clients run this search's trials (it then never asks for worker slots).</summary>
    public bool IsExternal => Spec?.Workload.Kind == ExternalWorkload.Kind;

    /// <summary>
    /// A client asks for a trial: the next waiting one, else a new suggestion, while fewer than <c>maxConcurrent</c> are
    /// out. Null trial when there is none to hand out now; the decision may still finish the search.
    /// </summary>
    public (SearchDecision Decision, TrialState? Trial) DecideAsk(string client, DateTimeOffset now) =>
        IsExternal ? DecideSlot(client, ExternalDevice, now) : (SearchDecision.None(this), null);

    /// <summary>An epoch's metrics from a client: journaled once (a repeated epoch is answered, not counted again), then judged.</summary>
    public (SearchDecision Decision, ExternalVerdict Verdict) DecideExternalReport(string trialId, int attempt, EpochReport report, DateTimeOffset now)
    {
        var verdict = ExternalVerdictOf(trialId, attempt);
        if (verdict.Decision != VerdictKind.Continue) return (SearchDecision.None(this), verdict);
        var trial = Trial(trialId)!;
        var maxEpochs = RequiredSpec.Budget.MaxEpochsPerTrial;
        if (report.Epoch < 1 || report.Epoch > maxEpochs)
            return (SearchDecision.None(this), verdict with { Decision = VerdictKind.Invalid, Reason = $"epoch {report.Epoch} is outside 1..{maxEpochs} (budget.maxEpochsPerTrial)" });
        if (report.Epoch <= trial.Epochs) return (SearchDecision.None(this), verdict);
        var decision = DecideReport(trialId, attempt, report, now);
        return (decision, decision.State.ExternalVerdictOf(trialId, attempt));
    }

    /// <summary>A client ends its attempt with final metrics, or with a failure (not retried). A repeated tell is answered as the first was.</summary>
    public (SearchDecision Decision, ExternalVerdict Verdict) DecideTell(
        string trialId, int attempt, IReadOnlyDictionary<string, double> metrics, string? failure, DateTimeOffset now)
    {
        var verdict = ExternalVerdictOf(trialId, attempt);
        switch (verdict.Decision)
        {
            case VerdictKind.Continue:
                var decision = failure is null
                    ? DecideCompleted(trialId, attempt, metrics, now)
                    : DecideFailed(trialId, attempt, FailureKind.Exception, $"the client reported a failure: {failure}", now);
                return (decision, decision.State.ExternalVerdictOf(trialId, attempt) with { Decision = VerdictKind.Done });
            case VerdictKind.Stop:
                // The client heeded a stop (or the stop crossed its tell): the trial stays as the stop left it.
                return (SearchDecision.None(this), verdict with { Decision = VerdictKind.Done });
            default:
                return (SearchDecision.None(this), verdict);
        }
    }

    /// <summary>Where <paramref name="attempt"/> of the trial stands, for a heartbeat and before a report or tell.</summary>
    public ExternalVerdict ExternalVerdictOf(string trialId, int attempt)
    {
        if (Status == SearchStatus.Empty)
            return new ExternalVerdict(VerdictKind.Unknown, trialId, attempt, TrialPhase.Pending, $"no search '{SearchId}'");
        if (!IsExternal)
            return new ExternalVerdict(VerdictKind.Invalid, trialId, attempt, TrialPhase.Pending,
                $"search '{SearchId}' runs its trials on worker slots (workload kind '{Spec?.Workload.Kind}'); ask/report/tell needs workload kind '{ExternalWorkload.Kind}'");
        if (Trial(trialId) is not { } trial)
            return new ExternalVerdict(VerdictKind.Unknown, trialId, attempt, TrialPhase.Pending, $"search '{SearchId}' has no trial '{trialId}'");
        var verdict = new ExternalVerdict(VerdictKind.Refused, trialId, attempt, trial.Phase, null) { Objective = trial.Objective };
        if (attempt != trial.Attempts || trial.Phase == TrialPhase.Pending)
            return verdict with
            {
                Reason = attempt > trial.Attempts || attempt < 1
                    ? $"trial {trialId} has no attempt {attempt} (it has had {trial.Attempts})"
                    : $"attempt {attempt} no longer holds trial {trialId}: {trial.Reason ?? "a later attempt took it over"}",
            };
        return trial.Phase switch
        {
            TrialPhase.Running => verdict with { Decision = VerdictKind.Continue },
            TrialPhase.Stopped => verdict with { Decision = VerdictKind.Stop, Reason = trial.Reason },
            TrialPhase.Completed => verdict with { Decision = VerdictKind.Done },
            // A lease that ran out with no retries left: the attempt lost the trial rather than being told to stop.
            TrialPhase.Failed when trial.Failure is FailureKind.Lost or FailureKind.Timeout => verdict with { Reason = $"attempt {attempt} lost trial {trialId}: {trial.Reason}" },
            _ => verdict with { Decision = VerdictKind.Stop, Reason = trial.Reason },
        };
    }
}
