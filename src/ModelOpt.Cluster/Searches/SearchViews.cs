using System.Text.Json;
using ModelOpt.Client.Models;
using ModelOpt.Search;
using ModelOpt.Search.Pareto;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;
using ClientAttemptEnd = ModelOpt.Client.Models.AttemptEnd;
using ClientMode = ModelOpt.Client.Models.ObjectiveMode;
using ClientStopKind = ModelOpt.Client.Models.StopKind;
using ClientStatus = ModelOpt.Client.Models.SearchStatus;

namespace ModelOpt.Cluster.Searches;

/// <summary>
/// The one way a search becomes what users see (<see cref="SearchInfo"/>, the command API's shape): the search entity
/// answers with it, and a journal read without a cluster maps its replayed state the same way.
/// </summary>
public static class SearchViews
{
    /// <summary>The search, or null for a state nothing was submitted to.</summary>
    public static SearchInfo? Of(SearchState state) =>
        state.Spec is { } spec ? Info(state, spec, [.. state.Trials.Select(t => Of(t))]) : null;

    /// <summary>
    /// The search's summary with one page of its trials (see <see cref="TrialQuery"/>): a page of a 100,000-trial search
    /// costs milliseconds where <see cref="Of(SearchState)"/> costs O(trials). Null for a state nothing was submitted to.
    /// </summary>
    public static SearchPage? Page(SearchState state, TrialQuery query)
    {
        if (state.Spec is not { } spec) return null;
        var (page, matching) = TrialSelection.Select(state, query);
        var search = Info(state, spec, [.. page.Select(i => Of(state.Trials[i], query.Curves))]);
        var c = state.Counts;
        return new SearchPage(search, new TrialCountsInfo(c.Pending, c.Running, c.Completed, c.Stopped, c.Failed), matching, query.Offset,
            state.Version, state.Best is { } best ? Of(best) : null);
    }

    private static SearchInfo Info(SearchState state, SearchSpec spec, IReadOnlyList<TrialInfo> trials)
    {
        var objective = spec.Objective;
        return new SearchInfo(state.SearchId, spec.Name, Status(state.Status), state.EndReason, state.SubmittedAt, state.EndedAt,
            objective.Metric, Mode(objective.Mode), [.. objective.All.Select(o => new ObjectiveInfo(o.Metric, Mode(o.Mode)))],
            spec.Budget.MaxTrials, spec.Budget.MaxEpochsPerTrial, state.Best?.Id,
            objective.IsMultiObjective
                ? ParetoFront.Of(objective, state.Trials.Where(t => t.Phase == TrialPhase.Completed).Select(t => (t.Id, MetricsOf(t))))
                : [],
            trials) { Searcher = ModelOpt.Search.Searchers.SearcherDescription.Of(spec) };
    }

    /// <summary>The trial as users see it; without <paramref name="curve"/> its epoch reports are left out (their count stays in Epochs).</summary>
    public static TrialInfo Of(TrialState t, bool curve = true) =>
        new(t.Id, Status(t.Phase), Config(t.Config), t.Attempts, t.Epochs, t.Objective, t.FinalMetrics,
            t.Failure is { } failure ? Name(failure.ToString()) : null, t.Reason, t.Node, t.Device, t.StartedAt,
            t.Phase is TrialPhase.Completed or TrialPhase.Stopped or TrialPhase.Failed ? t.EndedAt : null,
            curve ? [.. t.Curve.Select(r => new EpochInfo(r.Epoch, r.Metrics, r.Seconds))] : [])
        {
            Artifacts = t.Artifacts,
            StoppedBy = t.StoppedBy switch
            {
                StopKind.User => ClientStopKind.User,
                StopKind.Cancel => ClientStopKind.Cancel,
                StopKind.Scheduler => ClientStopKind.Scheduler,
                _ => null,
            },
            EarlierAttempts = t.EarlierAttempts is { } earlier
                ? [.. earlier.Select(a => new AttemptInfo(a.Attempt, a.Node, a.Device, a.StartedAt, a.EndedAt,
                    a.End == AttemptEnd.Exploited ? ClientAttemptEnd.Exploited : ClientAttemptEnd.Requeued, a.Reason))]
                : null,
        };

    public static IReadOnlyDictionary<string, ConfigValue> Config(Config config) =>
        config.ToDictionary(kv => kv.Key, kv => Value(kv.Value), StringComparer.Ordinal);

    public static ConfigValue Value(ParameterValue value) => value.Kind switch
    {
        ValueKind.Float => ConfigValue.Float(value.AsDouble()),
        ValueKind.Int => ConfigValue.Int(value.AsInt()),
        ValueKind.Bool => ConfigValue.Bool(value.AsBool()),
        _ => ConfigValue.String(value.AsString()),
    };

    /// <summary>A configuration as the command API wrote it, back as the search engine's (for analyses over any journal or node).</summary>
    public static Config Config(IReadOnlyDictionary<string, ConfigValue> config) =>
        new(config.Select(kv => KeyValuePair.Create(kv.Key, Parameter(kv.Value))));

    public static ParameterValue Parameter(ConfigValue value) => value.Kind switch
    {
        ConfigValueKind.Float => ParameterValue.Float(value.AsDouble()),
        ConfigValueKind.Int => ParameterValue.Int(value.AsInt()),
        ConfigValueKind.Bool => ParameterValue.Bool(value.AsBool()),
        _ => ParameterValue.String(value.AsString()),
    };

    public static ClientStatus Status(SearchStatus status) => status switch
    {
        SearchStatus.Finished => ClientStatus.Finished,
        SearchStatus.Cancelled => ClientStatus.Cancelled,
        _ => ClientStatus.Running,
    };

    public static TrialStatus Status(TrialPhase phase) => phase switch
    {
        TrialPhase.Pending => TrialStatus.Pending,
        TrialPhase.Running => TrialStatus.Running,
        TrialPhase.Completed => TrialStatus.Completed,
        TrialPhase.Stopped => TrialStatus.Stopped,
        _ => TrialStatus.Failed,
    };

    public static ClientMode Mode(Search.ObjectiveMode mode) => mode == Search.ObjectiveMode.Max ? ClientMode.Max : ClientMode.Min;

    /// <summary>A .NET name as the command API writes enum values: <c>NonFiniteLoss</c> → <c>non_finite_loss</c>.</summary>
    public static string Name(string value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value);

    /// <summary>A trial's final metrics over its last report's: a workload may report some metrics only per epoch.</summary>
    private static IReadOnlyDictionary<string, double>? MetricsOf(TrialState trial)
    {
        if (trial.Curve.Count == 0) return trial.FinalMetrics;
        var metrics = new Dictionary<string, double>(trial.Curve[^1].Metrics, StringComparer.Ordinal);
        foreach (var (name, value) in trial.FinalMetrics ?? new Dictionary<string, double>()) metrics[name] = value;
        return metrics;
    }
}
