using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Searches.External;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Node.Commands;

/// <summary>Ask, report, heartbeat and tell for external searches: inputs checked, refusals turned into errors, answers into the client's shape.</summary>
public sealed partial class ClusterCommandApi
{
    public async Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default)
    {
        InputLimits.CheckId("searchId", searchId);
        var client = request.Client ?? "client";
        InputLimits.CheckNode("client", client);
        if (client.Any(char.IsControl)) throw CommandException.BadRequest("client", "may not hold control characters");
        if (request.RequestId is not null) InputLimits.CheckId("requestId", request.RequestId);
        var maxWait = SearchEntity.MaxAskWait.TotalSeconds;
        if (!(request.WaitSeconds >= 0 && request.WaitSeconds <= maxWait))
            throw CommandException.BadRequest("waitSeconds", $"must be between 0 and {maxWait:0}, got {request.WaitSeconds}");
        var reply = await external.AskAsync(searchId, client, request.RequestId, TimeSpan.FromSeconds(request.WaitSeconds), cancellationToken);
        return reply.Status switch
        {
            AskReplyKind.Unknown => throw CommandException.NotFound($"no search '{searchId}'; see: mopt search list"),
            AskReplyKind.Refused => throw new CommandException(new CommandError(CommandErrorCodes.BadRequest, reply.Reason ?? "refused")),
            AskReplyKind.Trial => new AskAnswer(AskStatus.Trial, searchId)
            {
                TrialId = reply.TrialId, Attempt = reply.Attempt, Number = reply.Number, Config = SearchViews.Config(reply.Config!),
                MaxEpochs = reply.MaxEpochs, LeaseSeconds = reply.LeaseSeconds,
            },
            AskReplyKind.Wait => new AskAnswer(AskStatus.Wait, searchId, reply.Reason),
            _ => new AskAnswer(AskStatus.Ended, searchId, reply.Reason),
        };
    }

    public async Task<TrialDecision> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default)
    {
        CheckAttempt(searchId, trialId, request.Attempt);
        InputLimits.CheckMetrics("metrics", request.Metrics, required: true);
        if (!(double.IsFinite(request.Seconds) && request.Seconds >= 0))
            throw CommandException.BadRequest("seconds", $"must be a finite number ≥ 0, got {request.Seconds}");
        var report = new EpochReport(request.Epoch, request.Metrics!, request.Seconds);
        return Decision(searchId, await external.ReportAsync(searchId, trialId, request.Attempt, report, cancellationToken));
    }

    public async Task<TrialDecision> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default)
    {
        CheckAttempt(searchId, trialId, request.Attempt);
        return Decision(searchId, await external.HeartbeatAsync(searchId, trialId, request.Attempt, cancellationToken));
    }

    public async Task<TrialDecision> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default)
    {
        CheckAttempt(searchId, trialId, request.Attempt);
        InputLimits.CheckMetrics("metrics", request.Metrics, required: request.Failure is null);
        if (request.Failure is { } failure && (failure.Length == 0 || failure.Length > InputLimits.MaxReasonLength))
            throw CommandException.BadRequest("failure", $"a failure reason must be 1 to {InputLimits.MaxReasonLength} characters");
        var metrics = request.Metrics ?? new Dictionary<string, double>();
        return Decision(searchId, await external.TellAsync(searchId, trialId, request.Attempt, metrics, request.Failure, cancellationToken));
    }

    private static void CheckAttempt(string searchId, string trialId, int attempt)
    {
        InputLimits.CheckId("searchId", searchId);
        InputLimits.CheckId("trialId", trialId);
        if (attempt < 1) throw CommandException.BadRequest("attempt", "is required: the attempt number the ask handed out (≥ 1)");
    }

    private static TrialDecision Decision(string searchId, ExternalVerdict verdict)
    {
        var kind = verdict.Decision switch
        {
            VerdictKind.Continue => TrialDecisionKind.Continue,
            VerdictKind.Stop => TrialDecisionKind.Stop,
            VerdictKind.Done => TrialDecisionKind.Done,
            VerdictKind.Unknown => throw CommandException.NotFound($"{verdict.Reason}; see: mopt trial list {searchId}"),
            VerdictKind.Refused => throw new CommandException(new CommandError(CommandErrorCodes.LeaseLost, verdict.Reason ?? "refused")),
            _ => throw new CommandException(new CommandError(CommandErrorCodes.BadRequest, verdict.Reason ?? "invalid")),
        };
        return new TrialDecision(kind, searchId, verdict.TrialId, verdict.Attempt, SearchViews.Status(verdict.Phase), verdict.Reason) { Objective = verdict.Objective };
    }
}
