using System.CommandLine;
using Spectre.Console;

namespace ModelOpt.Cli.Run;

/// <summary><c>mopt run spec.yaml</c>: a single-process node (coordinator + worker) runs one search to its end.</summary>
public static class RunCommand
{
    /// <param name="json">The global <c>--json</c>: progress goes to stderr as plain lines, and stdout gets only the summary as JSON.</param>
    public static Command Create(Option<bool> json)
    {
        var spec = new Argument<FileInfo>("spec") { Description = "the search spec (YAML or JSON)" };
        var summary = new Option<FileInfo?>("--summary") { Description = "also write the final summary as JSON to this file" };
        var slots = new Option<int?>("--slots") { Description = "trials run at once on this machine (default: the spec's maxConcurrent)" };
        var dir = new Option<DirectoryInfo>("--dir") { Description = "where the journal (journal.db) and checkpoints live", DefaultValueFactory = _ => new DirectoryInfo(".mopt") };
        var resume = new Option<string?>("--resume") { Description = "continue this interrupted search from the journal" };
        var report = new Option<DirectoryInfo?>("--report") { Description = "at the end, write the search report (report.html, report.md, PNG plots) into this folder" };
        var command = new Command("run", "run a search in this process, with live progress and a summary at the end")
        {
            spec, summary, slots, dir, resume, report,
        };
        command.SetAction((result, cancellationToken) =>
        {
            var asJson = result.GetValue(json);
            var console = asJson
                ? AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(Console.Error) })
                : AnsiConsole.Console;
            return new RunSearch(console, Console.Error).RunAsync(new RunRequest(
                result.GetValue(spec)!, result.GetValue(summary), result.GetValue(slots), result.GetValue(dir)!, result.GetValue(resume), result.GetValue(report))
            {
                JsonOut = asJson ? Console.Out : null,
            }, cancellationToken);
        });
        return command;
    }
}

public sealed record RunRequest(FileInfo Spec, FileInfo? Summary, int? Slots, DirectoryInfo Dir, string? Resume, DirectoryInfo? Report = null)
{
    /// <summary>With <c>--json</c>: where the summary goes as JSON (run-summary.schema.json) at the end.</summary>
    public TextWriter? JsonOut { get; init; }
}
