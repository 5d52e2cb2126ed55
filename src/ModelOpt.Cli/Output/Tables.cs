using System.Globalization;
using ModelOpt.Cli.Views;
using ModelOpt.Cluster.Commands;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ModelOpt.Cli.Output;

/// <summary>The readable tables of the palettes, laid out to fit an 80-column terminal (long cells wrap).</summary>
public static class Tables
{
    public static Table Searches(IReadOnlyList<SearchListing> searches)
    {
        var table = New("SEARCH", "NAME", "STATUS", "SUBMITTED (UTC)");
        foreach (var s in searches) Row(table, s.SearchId, s.Name, s.Status.ToString().ToLowerInvariant(), Time(s.SubmittedAt));
        return table;
    }

    public static Grid Search(SearchSnapshot s)
    {
        var grid = Facts();
        Fact(grid, "search", s.SearchId);
        Fact(grid, "name", s.Name);
        Fact(grid, "status", s.Reason is null ? Status(s.Status) : $"{Status(s.Status)} ({s.Reason})");
        Fact(grid, "objective", $"{s.Mode.ToString().ToLowerInvariant()} {s.Metric}");
        Fact(grid, "trials", $"{TrialText.Done(s)} of {s.MaxTrials} done: {TrialText.Count(s, TrialPhase.Completed)} completed, "
                             + $"{TrialText.Count(s, TrialPhase.Stopped)} stopped, {TrialText.Count(s, TrialPhase.Failed)} failed, "
                             + $"{TrialText.Count(s, TrialPhase.Running)} running, {TrialText.Count(s, TrialPhase.Pending)} waiting");
        Fact(grid, "submitted", Time(s.SubmittedAt));
        if (s.EndedAt is { } ended) Fact(grid, "ended", Time(ended));
        Fact(grid, "best", s.Best is { } best ? $"{best.Id}: {s.Metric} = {TrialText.Number(best.Objective)}" : "none yet");
        return grid;
    }

    public static Table Trials(SearchSnapshot search, IEnumerable<TrialSnapshot> trials)
    {
        var table = New("TRIAL", "STATUS", "EPOCHS", search.Metric.ToUpperInvariant(), "CONFIG");
        foreach (var t in trials)
            Row(table, t.Id == search.BestTrialId ? $"{t.Id}*" : t.Id, Phase(t.Phase), t.Epochs.ToString(CultureInfo.InvariantCulture),
                TrialText.Number(t.Objective ?? TrialText.Latest(t, search.Metric)), TrialText.Config(t.Config));
        return table;
    }

    public static Grid Trial(SearchSnapshot search, TrialSnapshot t)
    {
        var grid = Facts();
        Fact(grid, "trial", $"{search.SearchId}/{t.Id}{(t.Id == search.BestTrialId ? " (best)" : "")}");
        Fact(grid, "status", t.Reason is null ? Phase(t.Phase) : $"{Phase(t.Phase)} ({t.Reason})");
        Fact(grid, search.Metric, TrialText.Number(t.Objective ?? TrialText.Latest(t, search.Metric)));
        Fact(grid, "epochs", t.Epochs.ToString(CultureInfo.InvariantCulture));
        Fact(grid, "attempts", t.Attempts.ToString(CultureInfo.InvariantCulture));
        if (t.Node is not null) Fact(grid, "placed on", $"{t.Node} {t.Device}");
        Fact(grid, "config", TrialText.Config(t.Config));
        if (t.Metrics is { Count: > 0 } metrics)
            Fact(grid, "metrics", string.Join(" ", metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={TrialText.Number(m.Value)}")));
        foreach (var (name, value) in t.Artifacts ?? new Dictionary<string, string>())
            if (!value.Contains('\n')) Fact(grid, name, value);
        return grid;
    }

    public static Table Workers(IReadOnlyList<SlotInfo> slots)
    {
        var table = New("NODE", "DEVICE", "STATE", "TRIAL");
        foreach (var s in slots)
            Row(table, s.Node, s.Device, s.Draining ? $"{State(s.State)}, draining" : State(s.State),
                s.TrialId is null ? s.SearchId ?? "" : $"{s.SearchId}/{s.TrialId}");
        return table;
    }

    public static Table Shards(IReadOnlyList<ShardHome> homes)
    {
        var table = new Table().AddColumns("coordinator", "shards", "searches", "not answering");
        foreach (var home in homes) table.AddRow(Markup.Escape(home.Node), $"{home.Shards}", $"{home.Searches}", home.Unanswered == 0 ? "" : $"{home.Unanswered}");
        return table;
    }

    public static Table Cluster(ClusterView view)
    {
        var table = New("MEMBER", "STATUS", "ROLES", "NOTE");
        foreach (var m in view.Members)
        {
            string[] notes = [m.Address == view.Leader ? "leader" : "", m.Address == view.Self ? "self" : "", m.Reachable ? "" : "UNREACHABLE"];
            Row(table, m.Address, m.Status.ToLowerInvariant(), string.Join(",", m.Roles.Where(r => !r.StartsWith("dc-", StringComparison.Ordinal))),
                string.Join(",", notes.Where(n => n.Length > 0)));
        }
        return table;
    }

    public static string Status(SearchStatus status) => status.ToString().ToLowerInvariant();

    public static string Phase(TrialPhase phase) => phase.ToString().ToLowerInvariant();

    private static string State(SlotState state) => state.ToString().ToLowerInvariant();

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static Table New(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var header in headers) table.AddColumn(new TableColumn(new Text(header)));
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
