using System.CommandLine;
using Spectre.Console;

namespace ModelOpt.Cli.Run;

/// <summary><c>mopt run spec.yaml</c>: a local node (coordinator + worker, a separate ModelOpt.Node process) runs one search to its end.</summary>
public static class RunCommand
{
    /// <param name="context">Its I/O and environment; its global <c>--json</c>: progress goes to stderr as plain lines, and stdout gets only the summary as JSON.</param>
    public static Command Create(Palettes.PaletteContext context)
    {
        var io = context.Io;
        var spec = new Argument<FileInfo?>("spec") { Description = "the search spec (YAML or JSON); with --resume, the journal's copy when left out", Arity = ArgumentArity.ZeroOrOne };
        var summary = new Option<FileInfo?>("--summary") { Description = "also write the final summary as JSON to this file" };
        var slots = new Option<int?>("--slots") { Description = "trials run at once on this machine (default: the spec's maxConcurrent)" };
        var dir = new Option<DirectoryInfo>("--dir") { Description = "where the journal (journal.db), checkpoints and the node's log (node.log) live", DefaultValueFactory = _ => new DirectoryInfo(".mopt") };
        var resume = new Option<string?>("--resume") { Description = "continue this interrupted search from the journal" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "at the end, write the search report (report.html, report.md, PNG plots) into this folder" };
        var node = new Option<string?>("--node") { Description = $"the ModelOpt.Node program (or its .dll or folder) to run the search on (default: {NodeProgram.EnvironmentVariable}, beside mopt, the install folder, then PATH)" };
        var command = new Command("run", "run a search on a local node, with live progress and a summary at the end")
        {
            spec, summary, slots, dir, resume, report, node,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(spec) is null && result.GetValue(resume) is null) result.AddError("give a spec file (or --resume <search> to continue one from the journal)");
        });
        command.SetAction((result, cancellationToken) =>
        {
            var asJson = result.GetValue(context.Json);
            var console = asJson
                ? AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(io.Error) })
                : io.Console;
            return new RunSearch(console, io.Error, context.Catalog, io.Environment).RunAsync(new RunRequest(
                result.GetValue(spec), result.GetValue(summary), result.GetValue(slots), result.GetValue(dir)!, result.GetValue(resume), result.GetValue(report))
            {
                JsonOut = asJson ? io.Out : null,
                Node = result.GetValue(node),
            }, cancellationToken);
        });
        return command;
    }
}

public sealed record RunRequest(FileInfo? Spec, FileInfo? Summary, int? Slots, DirectoryInfo Dir, string? Resume, DirectoryInfo? Report = null)
{
    /// <summary>With <c>--json</c>: where the summary goes as JSON (run-summary.schema.json) at the end.</summary>
    public TextWriter? JsonOut { get; init; }

    /// <summary><c>--node</c>: the node program to start; null to look for one (<see cref="NodeProgram.Find"/>).</summary>
    public string? Node { get; init; }

    /// <summary>The journal (a SQLite file or a PostgreSQL connection string); null: <c>journal.db</c> in <see cref="Dir"/>.</summary>
    public string? Journal { get; init; }
}
