using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;

namespace ModelOpt.Client.External;

/// <summary>
/// One trial this program holds: read <see cref="Config"/>, train, <see cref="ReportAsync"/> each epoch (the answer
/// says continue or stop), then <see cref="CompleteAsync"/> or <see cref="FailAsync"/>. While it is held, heartbeats
/// keep its lease alive in the background however long an epoch takes, and a stop that arrives between reports (a
/// user's <c>trial stop</c>, a cancelled search) cancels <see cref="Stopping(CancellationToken)"/>. A program that dies
/// loses the trial one lease later, and it is requeued for another. Disposing a trial that was not ended fails it, so
/// a crashed run is not mistaken for a result (<see cref="ExternalSearch.OptimizeAsync"/> completes and fails for you).
/// </summary>
public sealed class ExternalTrial : IAsyncDisposable
{
    private readonly ExternalSearch _search;
    private readonly ExternalTrialOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _heartbeats = new();
    private readonly List<CancellationTokenSource> _linked = [];
    private readonly Task _heartbeat;
    private TrialDecision? _stopDecision;
    private CommandException? _lost;
    private TrialStatus? _ended;

    internal ExternalTrial(ExternalSearch search, AskAnswer answer, ExternalTrialOptions options)
    {
        _search = search;
        _options = options;
        TrialId = answer.TrialId ?? throw new ArgumentException("the ask handed out no trial id", nameof(answer));
        Attempt = answer.Attempt ?? 1;
        Number = answer.Number ?? 0;
        Config = answer.Config ?? new Dictionary<string, ConfigValue>();
        MaxEpochs = answer.MaxEpochs ?? 1;
        Lease = TimeSpan.FromSeconds(answer.LeaseSeconds ?? 60);
        _heartbeat = Task.Run(() => BeatAsync(_heartbeats.Token));
    }

    public string SearchId => _search.SearchId;

    public string TrialId { get; }

    /// <summary>Which attempt at the trial this is (a requeued trial is handed out again with the next number).</summary>
    public int Attempt { get; }

    /// <summary>The trial's position in the search (1 for the first).</summary>
    public int Number { get; }

    /// <summary>The parameters to train with; conditional parameters appear only when their condition holds.</summary>
    public IReadOnlyDictionary<string, ConfigValue> Config { get; }

    /// <summary>The search's <c>budget.maxEpochsPerTrial</c>: report epochs 1 to this.</summary>
    public int MaxEpochs { get; }

    /// <summary>How long the cluster waits for a report or heartbeat before it takes the trial back.</summary>
    public TimeSpan Lease { get; }

    /// <summary>True once a report or heartbeat brought a stop (the scheduler, a user, a cancelled search) or the lease was lost.</summary>
    public bool StopRequested => _stop.IsCancellationRequested;

    /// <summary>Why the trial was told to stop, or null.</summary>
    public string? StopReason => _stopDecision?.Reason ?? _lost?.Message;

    /// <summary>True once this attempt no longer holds the trial: reports and the tell are refused (nothing is recorded).</summary>
    public bool LeaseLost => _lost is not null;

    public bool HasEnded => _ended is not null || _lost is not null;

    /// <summary>A token cancelled when the trial is told to stop or loses its lease, or when <paramref name="also"/> is: pass it to the training loop.</summary>
    public CancellationToken Stopping(CancellationToken also = default)
    {
        if (!also.CanBeCanceled) return _stop.Token;
        var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, also);
        _linked.Add(linked); // disposed with the trial, so a long-lived token does not collect one registration per trial
        return linked.Token;
    }

    /// <summary>
    /// Sends one epoch's metrics (<paramref name="epoch"/> from 1 to <see cref="MaxEpochs"/>) and returns the search's
    /// decision: <see cref="TrialDecision.Stop"/> is true when the trial should end now. A report repeated for the same
    /// epoch is not counted twice. Throws a <see cref="CommandException"/> with code <c>lease_lost</c> when this attempt
    /// no longer holds the trial.
    /// </summary>
    public async Task<TrialDecision> ReportAsync(int epoch, IReadOnlyDictionary<string, double> metrics, TimeSpan? took = null,
        CancellationToken cancellationToken = default)
    {
        if (_lost is not null) throw _lost;
        var request = new ReportRequest(Attempt, epoch, metrics, (took ?? TimeSpan.Zero).TotalSeconds);
        return Heed(await CallAsync(ct => _search.Api.ReportTrialAsync(SearchId, TrialId, request, ct), cancellationToken));
    }

    /// <summary>
    /// Ends the trial with its final metrics (null or without the objective: the last report's objective stands) and
    /// returns its status: <c>completed</c>, or <c>stopped</c> when it had been told to stop. Repeating it is harmless.
    /// </summary>
    public Task<TrialStatus> CompleteAsync(IReadOnlyDictionary<string, double>? metrics = null, CancellationToken cancellationToken = default) =>
        EndAsync(new TellRequest(Attempt, metrics ?? new Dictionary<string, double>()), cancellationToken);

    /// <summary>Ends the trial as failed (it is not retried), e.g. with the exception that broke training.</summary>
    public Task<TrialStatus> FailAsync(string reason, CancellationToken cancellationToken = default) =>
        EndAsync(new TellRequest(Attempt, Failure: string.IsNullOrWhiteSpace(reason) ? "failed" : reason.Length > 4096 ? reason[..4096] : reason), cancellationToken);

    /// <summary>Stops the heartbeats; a trial neither completed, failed, stopped nor lost is failed so that its slot in the budget is not held.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!HasEnded)
            {
                if (StopRequested) await CompleteAsync();
                else await FailAsync("the program let go of the trial without a result (an exception, or no CompleteAsync)");
            }
        }
        catch (CommandException)
        {
            // The cluster could not be told; the lease runs out and the trial is requeued as if this program had died.
        }
        finally
        {
            await _heartbeats.CancelAsync();
            try
            {
                await _heartbeat;
            }
            catch (OperationCanceledException)
            {
            }
            _heartbeats.Dispose();
            foreach (var linked in _linked) linked.Dispose();
            _stop.Dispose();
        }
    }

    public override string ToString() => $"{SearchId}/{TrialId} (attempt {Attempt})";

    private async Task<TrialStatus> EndAsync(TellRequest request, CancellationToken cancellationToken)
    {
        if (_ended is { } ended) return ended;
        var decision = await CallAsync(ct => _search.Api.TellTrialAsync(SearchId, TrialId, request, ct), cancellationToken);
        _ended = decision.Status;
        await _heartbeats.CancelAsync();
        return decision.Status;
    }

    private async Task<TrialDecision> CallAsync(Func<CancellationToken, Task<TrialDecision>> command, CancellationToken cancellationToken)
    {
        try
        {
            return await TransientRetry.RunAsync(command, _options, cancellationToken);
        }
        catch (CommandException e) when (e.Code == CommandErrorCodes.LeaseLost)
        {
            _lost = e;
            await _stop.CancelAsync();
            await _heartbeats.CancelAsync();
            throw;
        }
    }

    private TrialDecision Heed(TrialDecision decision)
    {
        if (decision.Stop)
        {
            _stopDecision ??= decision;
            _stop.Cancel();
        }
        return decision;
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var interval = _options.HeartbeatInterval ?? Lease / 3;
        using var timer = new PeriodicTimer(interval > TimeSpan.FromMilliseconds(200) ? interval : TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                Heed(await CallAsync(ct => _search.Api.HeartbeatTrialAsync(SearchId, TrialId, new HeartbeatRequest(Attempt), ct), cancellationToken));
            }
            catch (CommandException e) when (e.Code == CommandErrorCodes.LeaseLost)
            {
                return;
            }
            catch (CommandException)
            {
                // Retried until the retry time ran out; the next beat may get through before the lease does.
            }
        }
    }
}
