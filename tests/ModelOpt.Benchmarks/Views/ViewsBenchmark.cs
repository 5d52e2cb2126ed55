using System.Diagnostics;
using ModelOpt.Cli.Reports;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using Spectre.Console;

namespace ModelOpt.Benchmarks.Views;

/// <summary>
/// What the live view and the report cost for a large search: one live-panel render per poll, the parameter
/// importance it recomputes when a trial completes, one plain-progress diff per poll, and writing the whole report,
/// for a synthetic snapshot of
/// N ended trials (a third stopped early) with M epochs each and 6 parameters.
/// </summary>
public sealed class ViewsBenchmark : IBenchmark
{
    public string Name => "views";

    public string Usage => "[--trials 1000] [--epochs 20] [--renders 20]";

    public Task<object> RunAsync(BenchmarkArgs args)
    {
        var trials = args.Int("trials", 1000);
        var epochs = args.Int("epochs", 20);
        var renders = args.Int("renders", 20);
        if (trials < 5 || epochs < 2 || renders < 1) throw new UsageException("--trials ≥ 5, --epochs ≥ 2, --renders ≥ 1");
        var search = Snapshot(trials, epochs);

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.TrueColor,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(TextWriter.Null),
        });
        console.Profile.Width = 80;
        // A watch keeps one ConfigOrder across polls; importance is recomputed only when a trial completes.
        var order = new ConfigOrder();
        var panel = Median(renders, () => console.Write(SearchPanel.Of(search, TimeSpan.FromMinutes(1), 80, order)));
        var importance = Median(renders, () => ParameterImportance.Of(search));
        var plain = Median(renders, () =>
        {
            var progress = new PlainProgress(_ => { }, () => TimeSpan.Zero);
            progress.Show(search);
            progress.Show(search);
        });
        var folder = Directory.CreateTempSubdirectory("mopt-views-bench-").FullName;
        try
        {
            var clock = Stopwatch.StartNew();
            var files = SearchReport.Write(search, folder);
            var reportSeconds = clock.Elapsed.TotalSeconds;
            var html = new FileInfo(Path.Combine(folder, SearchReport.HtmlFile)).Length;
            return Task.FromResult<object>(new
            {
                trials, epochs,
                panel_render_ms_median = Math.Round(panel, 2),
                importance_ms_median = Math.Round(importance, 2),
                plain_diff_ms_median = Math.Round(plain, 2),
                report_seconds = Math.Round(reportSeconds, 2),
                report_files = files.Count,
                report_html_kb = html / 1024,
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Median(int runs, Action action)
    {
        action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private static SearchInfo Snapshot(int trials, int epochs)
    {
        var random = new Random(7);
        var list = new List<TrialInfo>();
        for (var i = 1; i <= trials; i++)
        {
            var config = new Dictionary<string, ConfigValue>
            {
                ["activation"] = ConfigValue.String(random.Next(3) switch { 0 => "relu", 1 => "gelu", _ => "tanh" }),
                ["dropout"] = ConfigValue.Float(0.5 * random.NextDouble()),
                ["layers"] = ConfigValue.Int(random.Next(1, 5)),
                ["lr"] = ConfigValue.Float(Math.Pow(10, -4 + 3 * random.NextDouble())),
                ["optimizer"] = ConfigValue.String(random.Next(2) == 0 ? "adam" : "sgd"),
                ["units"] = ConfigValue.Int(random.Next(16, 513)),
            };
            var stopped = i % 3 == 0;
            var ran = stopped ? random.Next(1, epochs) : epochs;
            var ceiling = 0.6 + 0.35 * random.NextDouble();
            var curve = Enumerable.Range(1, ran)
                .Select(e => new EpochInfo(e, new Dictionary<string, double> { ["val_accuracy"] = ceiling * (1 - Math.Exp(-e / 3.0)) }, 1)).ToList();
            var objective = curve[^1].Metrics["val_accuracy"];
            list.Add(new TrialInfo($"t{i:0000}", stopped ? TrialStatus.Stopped : TrialStatus.Completed, config, 1, ran, objective,
                stopped ? null : new Dictionary<string, double> { ["val_accuracy"] = objective }, null, stopped ? "below the rung cut-off" : null,
                "node", "cpu#0", null, null, curve));
        }
        var best = list.Where(t => t.Status == TrialStatus.Completed).MaxBy(t => t.Objective)!;
        return new SearchInfo("bench", "views-bench", SearchStatus.Running, null, DateTimeOffset.UnixEpoch, null, "val_accuracy", ObjectiveMode.Max,
            [new ObjectiveInfo("val_accuracy", ObjectiveMode.Max)], trials, epochs, best.TrialId, [], list);
    }
}
