using System.Globalization;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelOpt.Cli.Output;

/// <summary>
/// The readable tables of the palettes, laid out to fit the terminal: long cells wrap, but never the first column (the
/// id a user copies into the next command). Nodes show as <c>host:port</c>, the form every command accepts.
/// </summary>
public static class Tables
{
    public static Table Searches(IReadOnlyList<SearchListing> searches)
    {
        var table = New("SEARCH", "NAME", "STATUS", "SUBMITTED (UTC)");
        foreach (var s in searches) Row(table, s.SearchId, s.Name, TrialText.Name(s.Status), Time(s.SubmittedAt));
        return table;
    }

    public static Grid Search(SearchInfo s)
    {
        var grid = Facts();
        Fact(grid, "search", s.SearchId);
        Fact(grid, "name", s.Name);
        Fact(grid, "status", s.Reason is null ? TrialText.Name(s.Status) : $"{TrialText.Name(s.Status)} ({s.Reason})");
        Fact(grid, "objective", string.Join(", ", s.Objectives.Select(o => $"{TrialText.Name(o.Mode)} {o.Metric}")));
        if (s.Searcher is { } searcher) Fact(grid, "searcher", searcher);
        Fact(grid, "trials", $"{s.Done} of {s.MaxTrials} done: {s.Count(TrialStatus.Completed)} completed, "
                             + $"{s.Count(TrialStatus.Stopped)} stopped, {s.Count(TrialStatus.Failed)} failed, "
                             + $"{s.Count(TrialStatus.Running)} running, {s.Count(TrialStatus.Pending)} waiting");
        Fact(grid, "submitted", Time(s.SubmittedAt));
        if (s.EndedAt is { } ended) Fact(grid, "ended", $"{Time(ended)} (after {TrialText.Clock(ended - s.SubmittedAt)})");
        Fact(grid, "best", s.Best is { } best ? $"{best.TrialId}: {s.Metric} = {TrialText.Number(best.Objective)}" : "none yet");
        return grid;
    }

    /// <summary>One row per trial: id (* the best), status, epochs, the objective, then one column per parameter.</summary>
    public static Table Trials(SearchInfo search, IReadOnlyList<TrialInfo> trials)
    {
        var parameters = trials.SelectMany(t => t.Config.Keys).Distinct(StringComparer.Ordinal).ToList();
        var table = New(["TRIAL", "STATUS", "EPOCHS", search.Metric.ToUpperInvariant(), .. parameters.Select(p => p.ToUpperInvariant())]);
        foreach (var i in new[] { 2, 3 }) table.Columns[i].RightAligned();
        foreach (var t in trials)
            Row(table, [t.TrialId == search.BestTrialId ? $"{t.TrialId}*" : t.TrialId, TrialText.Name(t.Status), t.Epochs.ToString(CultureInfo.InvariantCulture),
                TrialText.Number(t.Objective ?? t.Latest(search.Metric)), .. parameters.Select(p => t.Config.TryGetValue(p, out var v) ? TrialText.Value(v) : "-")]);
        return table;
    }

    public static Grid Trial(SearchInfo search, TrialInfo t)
    {
        var grid = Facts();
        Fact(grid, "trial", $"{search.SearchId}/{t.TrialId}{(t.TrialId == search.BestTrialId ? " (best)" : "")}");
        Fact(grid, "status", t.Reason is null ? TrialText.Name(t.Status) : $"{TrialText.Name(t.Status)} ({t.Reason})");
        if (t.StoppedBy is { } by) Fact(grid, "stopped by", TrialText.Name(by));
        if (t.Failure is { } failure) Fact(grid, "failure", failure);
        Fact(grid, search.Metric, TrialText.Number(t.Objective ?? t.Latest(search.Metric)));
        Fact(grid, "epochs", t.Epochs.ToString(CultureInfo.InvariantCulture));
        Fact(grid, "attempts", t.Attempts.ToString(CultureInfo.InvariantCulture));
        if (t.Node is not null) Fact(grid, "placed on", $"{TrialText.HostPort(t.Node)} {t.Device}");
        if (t.StartedAt is { } started) Fact(grid, "started", Time(started));
        if (t.EndedAt is { } ended) Fact(grid, "ended", t.StartedAt is { } from ? $"{Time(ended)} (after {TrialText.Clock(ended - from)})" : Time(ended));
        foreach (var a in t.EarlierAttempts ?? [])
            Fact(grid, $"attempt {a.Attempt}", $"{TrialText.Name(a.End)} on {(a.Node is null ? "-" : TrialText.HostPort(a.Node))} {a.Device}: {a.Reason}");
        Fact(grid, "config", TrialText.Config(t.Config));
        if (t.Metrics is { Count: > 0 } metrics)
            Fact(grid, "metrics", string.Join(" ", metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={TrialText.Number(m.Value)}")));
        foreach (var (name, value) in t.Artifacts ?? new Dictionary<string, string>())
            if (!value.Contains('\n')) Fact(grid, name, value);
        return grid;
    }

    /// <summary>Every slot; with a GPU column (utilization, memory used / total, trials on that GPU) when any slot is on a GPU.</summary>
    public static Table Workers(IReadOnlyList<WorkerSlot> slots)
    {
        var gpus = slots.Any(s => s.Gpu is not null);
        var table = gpus ? New("NODE", "DEVICE", "STATUS", "TRIAL", "GPU") : New("NODE", "DEVICE", "STATUS", "TRIAL");
        foreach (var s in slots)
        {
            string[] cells = [TrialText.HostPort(s.Node), s.Device, s.Draining ? $"{TrialText.Name(s.Status)}, draining" : TrialText.Name(s.Status),
                s.TrialId is null ? s.SearchId ?? "" : $"{s.SearchId}/{s.TrialId}"];
            Row(table, gpus ? [.. cells, s.Gpu is { } gpu ? Gpu(gpu) : ""] : cells);
        }
        return table;
    }

    public static Table Shards(IReadOnlyList<ShardHome> homes)
    {
        var table = new Table().AddColumns("coordinator", "shards", "searches", "not answering");
        foreach (var home in homes) table.AddRow(Markup.Escape(home.Node), $"{home.Shards}", $"{home.Searches}", home.Unanswered == 0 ? "" : $"{home.Unanswered}");
        return table;
    }

    /// <summary><c>37% · 12.4/139.8 GiB · 8 trials</c>.</summary>
    public static string Gpu(GpuInfo gpu)
    {
        const double GiB = 1 << 30;
        var utilization = gpu.UtilizationPercent is { } u ? $"{u}%" : "?%";
        return string.Create(CultureInfo.InvariantCulture,
            $"{utilization} · {gpu.MemoryUsedBytes / GiB:0.0}/{gpu.MemoryTotalBytes / GiB:0.0} GiB · {gpu.Trials} trial{(gpu.Trials == 1 ? "" : "s")}");
    }

    public static Table Cluster(ClusterInfo view)
    {
        var table = New("MEMBER", "STATUS", "ROLES", "NOTE");
        foreach (var m in view.Members)
        {
            string[] notes = [m.Address == view.Leader ? "leader" : "", m.Address == view.Self ? "self" : "", m.Reachable ? "" : "UNREACHABLE"];
            Row(table, TrialText.HostPort(m.Address), m.Status, string.Join(",", m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal))),
                string.Join(",", notes.Where(n => n.Length > 0)));
        }
        return table;
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static Table New(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers) table.AddColumn(new TableColumn(new Text(header)));
        table.Columns[0].NoWrap();
        return table;
    }

    private static void Row(Table table, params string[] cells) => table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());

    private static Grid Facts()
    {
        var grid = new Grid();
        grid.AddColumn(new GridColumn().NoWrap().PadRight(2));
        grid.AddColumn();
        return grid;
    }

    private static void Fact(Grid grid, string name, string value) => grid.AddRow(new Text(name), new Text(value));
}
