using System.Text.Json;
using System.Text.Json.Serialization;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;

namespace ModelOpt.Cli.Run;

/// <summary>What <c>mopt run</c> prints and writes at the end.</summary>
public sealed record RunSummary(
    string SearchId,
    string Name,
    string Status,
    string? Reason,
    int Trials,
    int Completed,
    int Stopped,
    int Failed,
    BestTrial? Best,
    int TotalEpochs,
    double WallSeconds)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Multi-objective searches: the Pareto-front trials with their objective values; null otherwise.</summary>
    public IReadOnlyList<ParetoTrial>? ParetoFront { get; init; }

    /// <param name="objectives">The spec's objective; with further objectives the front's trials list their values.</param>
    public static RunSummary Of(SearchSnapshot search, double wallSeconds, Objective? objectives = null)
    {
        int Count(TrialPhase phase) => search.Trials.Count(t => t.Phase == phase);
        var best = search.Best is { Objective: { } objective } b
            ? new BestTrial(b.Id, search.Metric, search.Mode.ToString().ToLowerInvariant(), objective, b.Config.ToDictionary(kv => kv.Key, kv => kv.Value.ToObject()))
            : null;
        return new RunSummary(search.SearchId, search.Name, search.Status.ToString().ToLowerInvariant(), search.Reason, search.Trials.Count,
            Count(TrialPhase.Completed), Count(TrialPhase.Stopped), Count(TrialPhase.Failed), best,
            search.Trials.Sum(t => t.Epochs), Math.Round(wallSeconds, 3))
        {
            ParetoFront = objectives is { IsMultiObjective: true } ? ParetoTrial.Of(search, objectives) : null,
        };
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public IEnumerable<string> ToLines()
    {
        yield return $"search {SearchId}: {Status} ({Reason})";
        yield return $"  trials {Trials}: {Completed} completed, {Stopped} stopped, {Failed} failed; {TotalEpochs} epochs in {WallSeconds:0.0} s";
        if (Best is not null)
            yield return $"  best {Best.Trial}: {Best.Metric} = {Best.Objective:G6} ({Best.Mode}) with {string.Join(", ", Best.Config.Select(kv => $"{kv.Key}={Format(kv.Value)}"))}";
        else
            yield return "  no trial completed";
        if (ParetoFront is { } front)
            yield return $"  pareto front ({front.Count}): {string.Join("; ", front.Select(p => $"{p.Trial} {string.Join(" ", p.Objectives.Select(kv => $"{kv.Key}={Format(kv.Value)}"))}"))}";
    }

    private static string Format(object value) => value is double d ? d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : value.ToString() ?? "";
}

public sealed record BestTrial(string Trial, string Metric, string Mode, double Objective, IReadOnlyDictionary<string, object> Config);
