using System.Diagnostics;
using ModelOpt.Client;
using ModelOpt.Client.Errors;
using ModelOpt.Client.External;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Node.Tests.External;

/// <summary><see cref="ExternalSearch"/> and <see cref="ExternalTrial"/> (ModelOpt.Client) against a real node over HTTP.</summary>
[Collection(ExternalNodeCollection.Name)]
public sealed class CSharpClientTests(ExternalNode node)
{
    private static readonly ExternalTrialOptions Options = new() { Client = "csharp-tests" };

    private ModelOptClient Client() => new(new Uri(node.Url), ExternalNode.FullToken);

    private static Dictionary<string, double> Loss(double value) => new() { ["loss"] = value };

    private static double LossOf(IReadOnlyDictionary<string, ConfigValue> config, int epoch) =>
        Math.Pow(config["x"].AsDouble() - 0.5, 2) + (config["optimizer"].AsString() == "sgd" ? 0.1 * config["momentum"].AsDouble() : 0.1) + 1.0 / epoch;

    [Fact]
    public async Task Optimize_runs_every_trial_with_its_conditional_config_and_completes_each_with_what_the_objective_returns()
    {
        using var client = Client();
        var search = await ExternalSearch.SubmitAsync(client, ExternalSpecs.Quadratic(trials: 4, concurrent: 2), options: Options);
        var configs = new List<IReadOnlyDictionary<string, ConfigValue>>();

        var done = await search.OptimizeAsync(async (trial, ct) =>
        {
            configs.Add(trial.Config);
            for (var epoch = 1; epoch <= trial.MaxEpochs; epoch++)
                Assert.False((await trial.ReportAsync(epoch, Loss(LossOf(trial.Config, epoch)), cancellationToken: ct)).Stop);
            return Loss(LossOf(trial.Config, trial.MaxEpochs));
        });

        Assert.Equal(SearchStatus.Finished, done.Status);
        Assert.Equal(4, configs.Count);
        Assert.All(configs, c => Assert.Equal(c["optimizer"].AsString() == "sgd", c.ContainsKey("momentum")));
        Assert.All(done.Trials, t => Assert.Equal((TrialStatus.Completed, 3, "csharp-tests", "external"), (t.Status, t.Epochs, t.Node, t.Device)));
        Assert.Equal(configs.Min(c => LossOf(c, 3)), done.Trials.Min(t => t.Objective));
    }

    [Fact]
    public async Task A_schedulers_stop_comes_back_from_the_report_and_cancels_the_trials_stopping_token()
    {
        using var client = Client();
        var search = await ExternalSearch.SubmitAsync(client, ExternalSpecs.Quadratic(trials: 1, concurrent: 1, epochs: 5, scheduler: "{type: patience, patience: 1}"), options: Options);
        await using var trial = (await search.AskAsync())!;
        var stopping = trial.Stopping();

        var first = await trial.ReportAsync(1, Loss(1.0));
        var second = await trial.ReportAsync(2, Loss(2.0));
        var ended = await trial.CompleteAsync(Loss(0.5));

        Assert.False(first.Stop);
        Assert.Equal((TrialDecisionKind.Stop, TrialStatus.Stopped), (second.Decision, second.Status));
        Assert.StartsWith("no improvement of loss", trial.StopReason);
        Assert.True(stopping.IsCancellationRequested);
        Assert.Equal(TrialStatus.Stopped, ended);
        Assert.Null(await search.AskAsync());
    }

    [Fact]
    public async Task A_user_stop_between_reports_reaches_the_trial_through_its_heartbeats()
    {
        using var client = Client();
        var search = await ExternalSearch.SubmitAsync(client, ExternalSpecs.Quadratic(trials: 1, concurrent: 1, lease: "1.5s"), options: Options);
        await using var trial = (await search.AskAsync())!;
        await trial.ReportAsync(1, Loss(1.0));

        await client.StopTrialAsync(search.SearchId, trial.TrialId);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Delay(Timeout.InfiniteTimeSpan, trial.Stopping(deadline.Token)));

        Assert.False(deadline.IsCancellationRequested, "the stop did not arrive within 30 s");
        Assert.Equal("stopped by user", trial.StopReason);
    }

    [Fact]
    public async Task A_trial_whose_heartbeats_do_not_arrive_loses_its_lease_and_the_next_ask_gets_it_as_a_new_attempt()
    {
        using var client = Client();
        var id = (await client.SubmitSearchAsync(new SubmitRequest(ExternalSpecs.Quadratic(trials: 1, concurrent: 1, lease: "1s", retries: 1)))).SearchId;
        var muted = new ExternalSearch(new HeartbeatsDropped(client), id, Options with { RetryFor = TimeSpan.Zero });
        await using var silent = (await muted.AskAsync())!;

        var taken = await new ExternalSearch(client, id, Options).AskAsync();
        var refused = await Assert.ThrowsAsync<CommandException>(() => silent.ReportAsync(1, Loss(1.0)));

        Assert.Equal((silent.TrialId, 2), (taken!.TrialId, taken.Attempt));
        Assert.Equal(CommandErrorCodes.LeaseLost, refused.Code);
        Assert.True(silent.LeaseLost && silent.StopRequested);
        Assert.Equal(TrialStatus.Completed, await taken.CompleteAsync(Loss(0.25)));
        await taken.DisposeAsync();
    }

    [Fact]
    public async Task A_trial_let_go_without_a_result_is_failed_rather_than_left_to_hold_its_place()
    {
        using var client = Client();
        var search = await ExternalSearch.SubmitAsync(client, ExternalSpecs.Quadratic(trials: 1, concurrent: 1, retries: 3), options: Options);

        await using (var trial = (await search.AskAsync())!)
            await trial.ReportAsync(1, Loss(1.0));
        var shown = await client.GetSearchAsync(search.SearchId);

        Assert.Equal(TrialStatus.Failed, shown.Trials[0].Status);
        Assert.Contains("without a result", shown.Trials[0].Reason);
    }

    [Fact]
    public async Task An_ask_waiting_for_a_free_trial_ends_at_once_when_cancelled_and_an_unreachable_endpoint_fails_after_the_retry_time()
    {
        using var client = Client();
        var search = await ExternalSearch.SubmitAsync(client, ExternalSpecs.Quadratic(trials: 3, concurrent: 1), options: Options);
        await using var held = (await search.AskAsync())!;
        using var unreachable = new ModelOptClient(new Uri("http://127.0.0.1:28199"), ExternalNode.FullToken);
        var nowhere = new ExternalSearch(unreachable, search.SearchId, Options with { RetryFor = TimeSpan.FromSeconds(1) });

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var waited = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.AskAsync(cancel.Token));
        var cancelledAfter = waited.Elapsed;
        waited.Restart();
        var failure = await Assert.ThrowsAsync<CommandException>(() => nowhere.AskAsync());

        Assert.True(cancelledAfter < TimeSpan.FromSeconds(10), $"the cancelled ask took {cancelledAfter}");
        Assert.Equal(CommandErrorCodes.Unreachable, failure.Code);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(15), $"giving up took {waited.Elapsed}");
        await held.CompleteAsync(Loss(1.0));
    }

    [Fact]
    public void The_torchsharp_example_trains_mlps_on_mnist_as_the_trials_of_an_external_search()
    {
        var spec = Path.Combine(node.Dir, "external-mnist-quick.yaml");
        File.WriteAllText(spec, File.ReadAllText(Deployment.RepositoryPaths.Of("examples", "external-mnist.yaml"))
            .Replace("maxTrials: 12, maxConcurrent: 2, maxEpochsPerTrial: 6", "maxTrials: 3, maxConcurrent: 1, maxEpochsPerTrial: 2"));

        var output = ChildProcess.Run("/usr/bin/env", ["dotnet", Path.Combine(AppContext.BaseDirectory, "MnistAskTell.dll"), "--url", node.Url, "--spec", spec, "--limit", "1500"],
            node.Dir, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["MOPT_TOKEN"] = ExternalNode.FullToken });

        Assert.Matches(@"(?m)^t0001 epoch 1: val_accuracy 0\.\d{4}", output);
        var best = System.Text.RegularExpressions.Regex.Match(output, @"finished: best t\d{4} val_accuracy (0\.\d{4})");
        Assert.True(best.Success, output);
        Assert.True(double.Parse(best.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.5, output);
    }

    /// <summary>The real client, except that heartbeats never reach the node (as if the program had frozen between reports).</summary>
    private sealed class HeartbeatsDropped(ICommandApi inner) : ICommandApi
    {
        public Task<TrialDecision> HeartbeatTrialAsync(string searchId, string trialId, HeartbeatRequest request, CancellationToken cancellationToken = default) =>
            throw new CommandException(new CommandError(CommandErrorCodes.Unreachable, "heartbeats are dropped in this test"));

        public Task<AskAnswer> AskTrialAsync(string searchId, AskRequest request, CancellationToken cancellationToken = default) => inner.AskTrialAsync(searchId, request, cancellationToken);
        public Task<TrialDecision> ReportTrialAsync(string searchId, string trialId, ReportRequest request, CancellationToken cancellationToken = default) => inner.ReportTrialAsync(searchId, trialId, request, cancellationToken);
        public Task<TrialDecision> TellTrialAsync(string searchId, string trialId, TellRequest request, CancellationToken cancellationToken = default) => inner.TellTrialAsync(searchId, trialId, request, cancellationToken);
        public Task<SubmitResponse> SubmitSearchAsync(SubmitRequest request, CancellationToken cancellationToken = default) => inner.SubmitSearchAsync(request, cancellationToken);
        public Task<IReadOnlyList<SearchListing>> ListSearchesAsync(CancellationToken cancellationToken = default) => inner.ListSearchesAsync(cancellationToken);
        public Task<SearchInfo> GetSearchAsync(string searchId, CancellationToken cancellationToken = default) => inner.GetSearchAsync(searchId, cancellationToken);
        public Task<SearchSpecResponse> GetSearchSpecAsync(string searchId, CancellationToken cancellationToken = default) => inner.GetSearchSpecAsync(searchId, cancellationToken);
        public Task ExportSearchAsync(string searchId, ExportFormat format, Stream destination, CancellationToken cancellationToken = default) => inner.ExportSearchAsync(searchId, format, destination, cancellationToken);
        public Task<SearchInfo> StopSearchAsync(string searchId, CancellationToken cancellationToken = default) => inner.StopSearchAsync(searchId, cancellationToken);
        public Task<SearchInfo> ResumeSearchAsync(string searchId, CancellationToken cancellationToken = default) => inner.ResumeSearchAsync(searchId, cancellationToken);
        public Task<TrialInfo> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) => inner.StopTrialAsync(searchId, trialId, cancellationToken);
        public Task<TrialLogs> TrialLogsAsync(string searchId, string trialId, CancellationToken cancellationToken = default) => inner.TrialLogsAsync(searchId, trialId, cancellationToken);
        public Task ExportTrialAsync(string searchId, string trialId, Stream destination, CancellationToken cancellationToken = default) => inner.ExportTrialAsync(searchId, trialId, destination, cancellationToken);
        public Task<IReadOnlyList<WorkerSlot>> ListWorkersAsync(CancellationToken cancellationToken = default) => inner.ListWorkersAsync(cancellationToken);
        public Task<DrainResult> DrainWorkerAsync(NodeRequest request, CancellationToken cancellationToken = default) => inner.DrainWorkerAsync(request, cancellationToken);
        public Task<ClusterInfo> ShowClusterAsync(CancellationToken cancellationToken = default) => inner.ShowClusterAsync(cancellationToken);
        public Task<NodeResult> LeaveAsync(NodeRequest request, CancellationToken cancellationToken = default) => inner.LeaveAsync(request, cancellationToken);
        public Task<NodeResult> DownAsync(NodeRequest request, CancellationToken cancellationToken = default) => inner.DownAsync(request, cancellationToken);
        public Task<SearchPage> GetTrialsAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) => inner.GetTrialsAsync(searchId, query, cancellationToken);
        public Task<CleanupResult> ArchiveSearchAsync(string searchId, CancellationToken cancellationToken = default) => inner.ArchiveSearchAsync(searchId, cancellationToken);
        public Task<CleanupResult> DeleteSearchAsync(string searchId, CancellationToken cancellationToken = default) => inner.DeleteSearchAsync(searchId, cancellationToken);
        public Task<IReadOnlyList<ShardHome>> ShowShardsAsync(CancellationToken cancellationToken = default) => inner.ShowShardsAsync(cancellationToken);
        public Task<DispatcherStats> DispatchStatsAsync(CancellationToken cancellationToken = default) => inner.DispatchStatsAsync(cancellationToken);
    }
}
