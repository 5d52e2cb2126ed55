using System.Runtime.CompilerServices;
using ModelOpt.Client.Models;

namespace ModelOpt.Client.External;

/// <summary>
/// A search whose trials this program runs (<c>workload: {kind: external}</c>): ask for a trial, train it, report each
/// epoch (the answer is continue or stop), then complete it — the lease, its heartbeats, retries and attempt numbers
/// stay inside <see cref="ExternalTrial"/>. Several programs, on any machines, may work on one search at once: it
/// hands out at most <c>budget.maxConcurrent</c> trials at a time, each to one program only.
/// </summary>
public sealed class ExternalSearch(ICommandApi api, string searchId, ExternalTrialOptions? options = null)
{
    /// <summary>The longest one ask waits at the endpoint for a trial to free.</summary>
    private const double AskWaitSeconds = 20;

    private readonly ExternalTrialOptions _options = options ?? new ExternalTrialOptions();

    public string SearchId { get; } = searchId;

    public ICommandApi Api { get; } = api;

    /// <summary>Submits <paramref name="specText"/> (its workload must be external) and returns the new search.</summary>
    public static async Task<ExternalSearch> SubmitAsync(ICommandApi api, string specText, string? searchId = null, ExternalTrialOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var submitted = await api.SubmitSearchAsync(new SubmitRequest(specText, searchId), cancellationToken);
        return new ExternalSearch(api, submitted.SearchId, options);
    }

    /// <summary>The next trial for this program, waiting while <c>maxConcurrent</c> trials are out; null once the search has ended.</summary>
    public async Task<ExternalTrial?> AskAsync(CancellationToken cancellationToken = default)
    {
        // One request id for every retry of this ask: a retried ask gets the trial the first one was handed.
        var request = new AskRequest(_options.Client, Guid.NewGuid().ToString("N"), AskWaitSeconds);
        while (true)
        {
            var answer = await TransientRetry.RunAsync(ct => Api.AskTrialAsync(SearchId, request, ct), _options, cancellationToken);
            switch (answer.Status)
            {
                case AskStatus.Trial:
                    return new ExternalTrial(this, answer, _options);
                case AskStatus.Ended:
                    return null;
            }
        }
    }

    /// <summary>Trials for this program, one at a time, until the search ends (budget used, searcher exhausted, cancelled).</summary>
    public async IAsyncEnumerable<ExternalTrial> TrialsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await AskAsync(cancellationToken) is { } trial)
        {
            await using (trial)
                yield return trial;
        }
    }

    /// <summary>
    /// Runs <paramref name="objective"/> on every trial this program gets until the search ends, like Optuna's
    /// <c>study.optimize</c>. It may report per epoch through the trial; the metrics it returns complete the trial (null:
    /// the last report stands). An exception fails that trial and the loop goes on, as does a trial whose lease was lost;
    /// cancellation ends the loop (the trial in hand is failed). Returns the search as it is at the end.
    /// </summary>
    public async Task<SearchInfo> OptimizeAsync(Func<ExternalTrial, CancellationToken, Task<IReadOnlyDictionary<string, double>?>> objective,
        CancellationToken cancellationToken = default)
    {
        await foreach (var trial in TrialsAsync(cancellationToken))
        {
            IReadOnlyDictionary<string, double>? metrics;
            try
            {
                metrics = await objective(trial, trial.Stopping(cancellationToken));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (trial.StopRequested && !trial.LeaseLost)
            {
                metrics = null; // the objective gave up on the trial's stop token: the trial is already stopped
            }
            catch (Exception) when (trial.LeaseLost)
            {
                continue; // this program was too slow for its lease: the trial went back to the search, the loop goes on
            }
            catch (Exception e) when (e is not Errors.CommandException)
            {
                await trial.FailAsync($"{e.GetType().Name}: {e.Message}", cancellationToken);
                continue;
            }
            if (!trial.HasEnded) await trial.CompleteAsync(metrics, cancellationToken);
        }
        return await Api.GetSearchAsync(SearchId, cancellationToken);
    }
}
