using System.CommandLine;
using Spectre.Console;

namespace ModelOpt.Cli.Run;

/// <summary><c>mopt run spec.yaml</c>: a single-process node (coordinator + worker) runs one search to its end.</summary>
public static class RunCommand
{
    public static Command Create()
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
        command.SetAction((result, cancellationToken) => new RunSearch(AnsiConsole.Console, Console.Error).RunAsync(new RunRequest(
            result.GetValue(spec)!, result.GetValue(summary), result.GetValue(slots), result.GetValue(dir)!, result.GetValue(resume), result.GetValue(report)), cancellationToken));
        return command;
    }
}

public sealed record RunRequest(FileInfo Spec, FileInfo? Summary, int? Slots, DirectoryInfo Dir, string? Resume, DirectoryInfo? Report = null);
