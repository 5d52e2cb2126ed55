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
    private static readonly string[] Sorts = ["id", "objective", "epochs"];

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
        var sort = new Option<string>("--sort") { Description = "id (default), objective (best first) or epochs (most first)", DefaultValueFactory = _ => "id" };
        sort.AcceptOnlyFromAmong(Sorts);
        var command = new ExampleCommand("list", "a search's trials with state, epochs, objective and config (* marks the best)", "mopt trial list branin-random-1a2b3c4d --sort objective")
        {
            search, status, sort,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var snapshot = await api.GetSearchAsync(result.GetValue(search)!, ct);
            var trials = Sorted(snapshot, snapshot.Trials.Where(t => result.GetValue(status) is not { } s || TrialText.Name(t.Status) == s), result.GetValue(sort)!).ToList();
            if (json) context.WriteJson(trials);
            else if (trials.Count == 0) context.Io.Out.WriteLine("no trials match");
            else context.Io.Console.Write(Tables.Trials(snapshot, trials));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    private static Command Show(PaletteContext context)
    {
        var trace = new Option<bool>("--trace") { Description = "the trial as a span tree: search → trial → attempts → epochs, with times (no Jaeger needed)" };
        return ForTrial(context, "show", "one trial: state, objective, config, final metrics, artifacts", "mopt trial show branin-random-1a2b3c4d/t0003 --trace",
            async (result, api, trial, json, ct) =>
            {
                if (json && result.GetValue(trace)) throw new CliFailure(ExitCodes.Usage, "--trace prints text; drop --json (the trial's record with --json holds the same times)");
                var search = await api.GetSearchAsync(trial.SearchId, ct);
                var found = search.Trial(trial.TrialId)
                            ?? throw new CliFailure(ExitCodes.Failed, $"search '{trial.SearchId}' has no trial '{trial.TrialId}' (it has {search.Trials.Count})");
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

    private static IEnumerable<TrialInfo> Sorted(SearchInfo search, IEnumerable<TrialInfo> trials, string sort) => sort switch
    {
        "objective" => trials.OrderBy(t => t.Objective is null).ThenBy(t => search.Mode == ObjectiveMode.Max ? -(t.Objective ?? 0) : t.Objective ?? 0),
        "epochs" => trials.OrderByDescending(t => t.Epochs).ThenBy(t => t.TrialId, StringComparer.Ordinal),
        _ => trials.OrderBy(t => t.TrialId, StringComparer.Ordinal),
    };

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
