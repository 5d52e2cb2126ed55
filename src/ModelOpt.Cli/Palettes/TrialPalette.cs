using System.CommandLine;
using System.IO.Compression;
using ModelOpt.Cli.Output;
using ModelOpt.Cli.Views;
using ModelOpt.Client;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Palettes;

/// <summary><c>mopt trial list|show|logs|stop|export</c>.</summary>
public static class TrialPalette
{
    private static readonly string[] Sorts = ["id", "objective", "epochs", "recent"];

    public static Command Create(PaletteContext context) => new ExampleCommand("trial", "look into and steer single trials; a trial is named <search>/<trial>",
        "mopt trial list branin-random-1a2b3c4d --status completed --sort objective",
        "mopt trial logs branin-random-1a2b3c4d/t0003")
    {
        List(context), Show(context), Logs(context), Stop(context), Export(context),
    };

    private static Command List(PaletteContext context)
    {
        var search = new Argument<string>("search") { Description = "the search id" };
        var status = new Option<string?>("--status") { Description = "only trials in this state: pending, running, completed, stopped, failed" };
        status.AcceptOnlyFromAmong([.. Enum.GetValues<TrialStatus>().Select(TrialText.Name)]);
        var sort = new Option<string>("--sort") { Description = "id (default), objective (best first), epochs (most first) or recent (last changed first)", DefaultValueFactory = _ => "id" };
        sort.AcceptOnlyFromAmong(Sorts);
        var limit = new Option<int>("--limit") { Description = $"trials to show (default {TrialQuery.DefaultLimit}; 0: all, fetched a page at a time)", DefaultValueFactory = _ => TrialQuery.DefaultLimit };
        var offset = new Option<int>("--offset") { Description = "trials to skip first, for the next page (default 0)" };
        var command = new ExampleCommand("list", "a search's trials with state, epochs, objective and config (* marks the best), a page at a time",
            "mopt trial list branin-random-1a2b3c4d --sort objective --limit 20")
        {
            search, status, sort, limit, offset,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var (wanted, from) = (result.GetValue(limit), result.GetValue(offset));
            if (wanted < 0 || from < 0) throw new CliFailure(ExitCodes.Usage, "--limit and --offset must be 0 or more");
            var query = new TrialQuery(from, Math.Min(wanted == 0 ? TrialQuery.MaxLimit : wanted, TrialQuery.MaxLimit), Status(result.GetValue(status)), Sort(result.GetValue(sort)!))
            {
                Curves = false,
            };
            var (last, trials) = await PagesAsync(api, result.GetValue(search)!, query, wanted == 0 ? int.MaxValue : wanted, ct);
            if (json) context.WriteJson(trials);
            else if (trials.Count == 0) context.Io.Out.WriteLine(last.Matching > 0 ? $"no trials from --offset {from} (there are {last.Matching})" : "no trials match");
            else
            {
                context.Io.Console.Write(Tables.Trials(last.Search, trials));
                if (from + trials.Count < last.Matching)
                    context.Io.Out.WriteLine($"trials {from + 1}–{from + trials.Count} of {last.Matching}; next page: --offset {from + trials.Count}");
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>Up to <paramref name="wanted"/> trials from the query's offset on, one page after another.</summary>
    private static async Task<(SearchPage Last, List<TrialInfo> Trials)> PagesAsync(ICommandApi api, string searchId, TrialQuery query, int wanted, CancellationToken ct)
    {
        var trials = new List<TrialInfo>();
        while (true)
        {
            var page = await api.GetTrialsAsync(searchId, query with { Limit = Math.Min(query.Limit, wanted - trials.Count) }, ct);
            var got = page.Search.Trials;
            trials.AddRange(got);
            if (got.Count == 0 || trials.Count >= wanted || query.Offset + got.Count >= page.Matching) return (page, trials);
            query = query with { Offset = query.Offset + got.Count };
        }
    }

    private static TrialStatus? Status(string? name) => name is null ? null : Enum.GetValues<TrialStatus>().First(s => TrialText.Name(s) == name);

    private static TrialSort Sort(string name) => name switch
    {
        "objective" => TrialSort.Objective,
        "epochs" => TrialSort.Epochs,
        "recent" => TrialSort.Recent,
        _ => TrialSort.Id,
    };

    private static Command Show(PaletteContext context)
    {
        var trace = new Option<bool>("--trace") { Description = "the trial as a span tree: search → trial → attempts → epochs, with times (no Jaeger needed)" };
        return ForTrial(context, "show", "one trial: state, objective, config, final metrics, artifacts", "mopt trial show branin-random-1a2b3c4d/t0003 --trace",
            async (result, api, trial, json, ct) =>
            {
                if (json && result.GetValue(trace)) throw new CliFailure(ExitCodes.Usage, "--trace prints text; drop --json (the trial's record with --json holds the same times)");
                var page = await api.GetTrialsAsync(trial.SearchId, new TrialQuery { TrialId = trial.TrialId }, ct);
                var search = page.Search;
                var found = search.Trial(trial.TrialId)
                            ?? throw new CliFailure(ExitCodes.Failed, $"search '{trial.SearchId}' has no trial '{trial.TrialId}' (it has {page.Counts.Total})");
                if (json) context.WriteJson(found);
                else if (result.GetValue(trace)) foreach (var line in TrialTrace.Lines(search, found)) context.Io.Out.WriteLine(line);
                else context.Io.Console.Write(Tables.Trial(search, found));
                return ExitCodes.Ok;
            }, trace);
    }

    private static Command Logs(PaletteContext context) => ForTrial(context, "logs",
        "a trial's epoch reports, then its command's stdout/stderr logs if it ran one", "mopt trial logs branin-random-1a2b3c4d/t0003",
        async (_, api, trial, json, ct) =>
        {
            var logs = await api.TrialLogsAsync(trial.SearchId, trial.TrialId, ct);
            if (json) context.WriteJson(logs);
            else foreach (var line in logs.Lines) context.Io.Out.WriteLine(line);
            return ExitCodes.Ok;
        });

    private static Command Stop(PaletteContext context) => ForTrial(context, "stop", "stop one trial now (recorded as stopped by user); its slot is freed", "mopt trial stop branin-random-1a2b3c4d/t0003",
        async (_, api, trial, json, ct) =>
        {
            var stopped = await api.StopTrialAsync(trial.SearchId, trial.TrialId, ct);
            if (json) context.WriteJson(stopped);
            else context.Io.Out.WriteLine($"{trial.SearchId}/{trial.TrialId} is {TrialText.Name(stopped.Status)}{(stopped.Reason is null ? "" : $" ({stopped.Reason})")}");
            return ExitCodes.Ok;
        });

    private static Command Export(PaletteContext context)
    {
        var outDir = new Option<DirectoryInfo>("--out") { Description = "the directory to write trial.json, checkpoints/ and logs/ into", Required = true };
        return ForTrial(context, "export", "download a trial's record, checkpoints and logs", "mopt trial export branin-random-1a2b3c4d/t0003 --out best-model",
            async (result, api, trial, json, ct) =>
            {
                var target = result.GetValue(outDir)!;
                using var zip = new MemoryStream();
                await api.ExportTrialAsync(trial.SearchId, trial.TrialId, zip, ct);
                zip.Position = 0;
                using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
                target.Create();
                var files = new List<string>();
                foreach (var entry in archive.Entries.Where(e => e.Name.Length > 0))
                {
                    var path = Path.GetFullPath(Path.Combine(target.FullName, entry.FullName));
                    if (!path.StartsWith(target.FullName + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                        throw new CliFailure(ExitCodes.Failed, $"the export holds a path outside --out: '{entry.FullName}'");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    entry.ExtractToFile(path, overwrite: true);
                    files.Add(path);
                }
                if (json) context.WriteJson(files);
                else context.Io.Out.WriteLine($"{files.Count} file(s) of {trial.SearchId}/{trial.TrialId} written to {target.FullName}");
                return ExitCodes.Ok;
            }, outDir);
    }

    private static Command ForTrial(PaletteContext context, string name, string description, string example,
        Func<ParseResult, ICommandApi, TrialRef, bool, CancellationToken, Task<int>> run, params Option[] options)
    {
        var trial = new Argument<string>("trial") { Description = "<search>/<trial>, e.g. my-search-1a2b3c4d/t0003" };
        var command = new ExampleCommand(name, description, example) { trial };
        foreach (var option in options) command.Add(option);
        command.SetAction((result, ct) =>
        {
            var target = TrialRef.Parse(result.GetValue(trial)!);
            return context.CallAsync(result, (api, json, ct) => run(result, api, target, json, ct), ct);
        });
        return command;
    }
}
