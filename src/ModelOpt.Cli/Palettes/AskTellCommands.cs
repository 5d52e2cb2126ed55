using System.CommandLine;
using System.Globalization;
using ModelOpt.Client;
using ModelOpt.Client.Models;

namespace ModelOpt.Cli.Palettes;

/// <summary>
/// <c>mopt search ask|report|tell</c>: run an external search's trials from a shell script. Output is one
/// <c>key=value</c> per line (or <c>--json</c>), so a script reads it without extra tools.
/// </summary>
public static class AskTellCommands
{
    /// <summary>The longest one ask waits at the endpoint; <c>mopt search ask</c> asks again until its own wait runs out.</summary>
    private const double AskWaitSeconds = 20;

    public static Command Ask(PaletteContext context)
    {
        var id = new Argument<string>("search") { Description = "the search id (its spec's workload is {kind: external})" };
        var client = new Option<string?>("--client") { Description = "a name for this program, shown as the trial's node (default: the host name)" };
        var wait = new Option<double?>("--wait") { Description = "give up after this many seconds when no trial frees (default: wait until one does or the search ends)" };
        var command = new ExampleCommand("ask", "take a trial of an external search to run: prints trial, attempt and config.<name>=<value> lines",
            "mopt search ask quadratic-1a2b3c4d --client \"$(hostname)/$$\"")
        {
            id, client, wait,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var searchId = result.GetValue(id)!;
            var limit = result.GetValue(wait);
            if (limit is < 0 or double.NaN) throw new CliFailure(ExitCodes.Usage, $"--wait: must be a number of seconds ≥ 0, got {limit}");
            var deadline = limit is { } seconds ? DateTime.UtcNow.AddSeconds(seconds) : DateTime.MaxValue;
            var request = new AskRequest(result.GetValue(client) ?? Environment.MachineName, Guid.NewGuid().ToString("N"));
            while (true)
            {
                var left = Math.Max(0, Math.Min(AskWaitSeconds, (deadline - DateTime.UtcNow).TotalSeconds));
                var answer = await api.AskTrialAsync(searchId, request with { WaitSeconds = left }, ct);
                if (answer.Status == AskStatus.Trial)
                {
                    if (json) context.WriteJson(answer);
                    else WriteTrial(context.Io.Out, answer);
                    return ExitCodes.Ok;
                }
                if (answer.Status == AskStatus.Ended) throw new CliFailure(ExitCodes.Failed, answer.Reason ?? $"search '{searchId}' has ended");
                if (DateTime.UtcNow >= deadline) throw new CliFailure(ExitCodes.Failed, $"no trial within {limit:0.#} s: {answer.Reason}");
            }
        }, ct));
        return command;
    }

    /// <summary>The epoch-report form of <c>mopt search report</c>: its target names a trial (<c>search/trial</c>).</summary>
    public static async Task<int> ReportEpochAsync(PaletteContext context, ICommandApi api, TrialRef trial, int? attempt, int? epoch, double seconds,
        IReadOnlyList<string> metrics, bool json, CancellationToken ct)
    {
        if (epoch is null) throw new CliFailure(ExitCodes.Usage, "--epoch: required to report a trial's epoch (the HTML report takes a search id alone)");
        var request = new ReportRequest(RequiredAttempt(attempt), epoch.Value, Metrics(metrics, required: true), seconds);
        var verdict = await api.ReportTrialAsync(trial.SearchId, trial.TrialId, request, ct);
        if (json) context.WriteJson(verdict);
        else context.Io.Out.WriteLine(verdict.Stop ? $"stop: {verdict.Reason}" : "continue");
        return ExitCodes.Ok;
    }

    public static Command Tell(PaletteContext context)
    {
        var target = new Argument<string>("trial") { Description = "<search>/<trial>, as ask printed it" };
        var attempt = AttemptOption();
        var failed = new Option<string?>("--failed") { Description = "end the trial as failed with this reason (it is not retried)" };
        var metrics = MetricsArgument("the final metrics, e.g. loss=0.25 accuracy=0.97 (without them the last report's objective stands)");
        var command = new ExampleCommand("tell", "end an external trial with its final metrics, or as failed; prints the phase it ended in",
            "mopt search tell quadratic-1a2b3c4d/t0003 --attempt 1 loss=0.25",
            "mopt search tell quadratic-1a2b3c4d/t0003 --attempt 1 --failed \"out of memory\"")
        {
            target, attempt, failed, metrics,
        };
        command.SetAction((result, ct) => context.CallAsync(result, async (api, json, ct) =>
        {
            var trial = TrialRef.Parse(result.GetValue(target)!);
            var request = new TellRequest(RequiredAttempt(result.GetValue(attempt)), Metrics(result.GetValue(metrics) ?? [], required: false), result.GetValue(failed));
            var verdict = await api.TellTrialAsync(trial.SearchId, trial.TrialId, request, ct);
            if (json) context.WriteJson(verdict);
            else context.Io.Out.WriteLine(CommandJson.Name(verdict.Status));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    public static Option<int?> AttemptOption() => new("--attempt") { Description = "the attempt number ask printed (a requeued trial's new holder has the next one)" };

    public static Argument<string[]> MetricsArgument(string description) => new("metrics") { Description = description, Arity = ArgumentArity.ZeroOrMore };

    private static int RequiredAttempt(int? attempt) =>
        attempt is >= 1 ? attempt.Value : throw new CliFailure(ExitCodes.Usage, "--attempt: required, the attempt number ask printed (≥ 1)");

    /// <summary>Reads <c>name=value</c> pairs; values are numbers (<c>nan</c> and <c>inf</c> included).</summary>
    private static Dictionary<string, double> Metrics(IReadOnlyList<string> pairs, bool required)
    {
        if (required && pairs.Count == 0) throw new CliFailure(ExitCodes.Usage, "metrics: give at least one name=value, e.g. loss=0.31");
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0) throw new CliFailure(ExitCodes.Usage, $"metric '{pair}': expected name=value, e.g. loss=0.31");
            if (!double.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new CliFailure(ExitCodes.Usage, $"metric '{pair}': the value is not a number");
            metrics[pair[..equals]] = value;
        }
        return metrics;
    }

    private static void WriteTrial(TextWriter output, AskAnswer answer)
    {
        output.WriteLine($"trial={answer.SearchId}/{answer.TrialId}");
        output.WriteLine($"attempt={answer.Attempt}");
        output.WriteLine($"maxEpochs={answer.MaxEpochs}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"leaseSeconds={answer.LeaseSeconds}"));
        foreach (var (name, value) in answer.Config!)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"config.{name}={value.ToObject()}"));
    }
}
