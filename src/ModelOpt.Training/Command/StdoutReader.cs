using System.Diagnostics;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Command;

/// <summary>
/// Follows a trial process's stdout: each epoch line becomes an <see cref="EpochReport"/> as soon as it is read,
/// a final line sets the final metrics, everything else goes to the log. A non-finite metric, or a report or log
/// callback that throws, ends the trial: <see cref="Failure"/> is set and <c>stopTrial</c> is called once; the rest of the
/// output is still read (as log) so the process never blocks on a full pipe. An epoch past the trial's budget
/// (<see cref="TrialContext.MaxEpochs"/>) is not reported: it ends the trial, which completes with what it reported
/// within the budget (<see cref="BudgetSpent"/>), and the warning saying so is the only one.
/// </summary>
internal sealed class StdoutReader(
    TrialContext context,
    string? metricsPrefix,
    Action<EpochReport> report,
    Action<CommandLogStream, string> log,
    Action stopTrial)
{
    private readonly Stopwatch _sinceLastReport = Stopwatch.StartNew();
    private int _lastEpoch = context.StartEpoch;
    private int _lineNumber;

    public Exception? Failure { get; private set; }

    /// <summary>The process reported an epoch past the budget and was stopped for it.</summary>
    public bool BudgetSpent { get; private set; }
    public IReadOnlyDictionary<string, double>? FinalMetrics { get; private set; }
    public IReadOnlyDictionary<string, double>? LastEpochMetrics { get; private set; }

    public async Task ReadToEndAsync(OutputLineReader stdout, CancellationToken stopReading)
    {
        while (await stdout.ReadLineAsync(stopReading) is { } read)
        {
            _lineNumber++;
            var line = read.Text;
            try
            {
                if (read.Cut)
                {
                    log(CommandLogStream.Stdout, line);
                    log(CommandLogStream.Warning, $"stdout line {_lineNumber} is longer than {stdout.MaxLineChars} characters: only its start is kept, and it is not read as metrics");
                }
                else if (Failure is null && !BudgetSpent) Handle(line);
                else log(CommandLogStream.Stdout, line);
            }
            catch (Exception e) when (Failure is null) { Fail(e); }
        }
    }

    private void Handle(string line)
    {
        switch (StdoutLineParser.Parse(line, metricsPrefix))
        {
            case StdoutLine.Epoch epoch:
                HandleEpoch(line, epoch);
                break;
            case StdoutLine.Final final:
                if (CheckFinite("final metrics", final.Metrics)) FinalMetrics = final.Metrics;
                break;
            case StdoutLine.Malformed malformed:
                log(CommandLogStream.Stdout, line);
                log(CommandLogStream.Warning, $"stdout line {_lineNumber} is not a metrics line: {malformed.Problem}");
                break;
            case StdoutLine.Log text:
                log(CommandLogStream.Stdout, text.Text);
                break;
        }
    }

    private void HandleEpoch(string line, StdoutLine.Epoch epoch)
    {
        if (epoch.Number <= _lastEpoch)
        {
            log(CommandLogStream.Stdout, line);
            log(CommandLogStream.Warning, $"stdout line {_lineNumber}: epoch {epoch.Number} ignored, epochs must increase (last was {_lastEpoch})");
            return;
        }
        if (epoch.Number > context.MaxEpochs)
        {
            log(CommandLogStream.Stdout, line);
            log(CommandLogStream.Warning, $"stdout line {_lineNumber}: epoch {epoch.Number} is past the budget of {context.MaxEpochs} " +
                                          "(budget.maxEpochsPerTrial): the trial ends with the epochs reported within it");
            BudgetSpent = true;
            stopTrial();
            return;
        }
        if (!CheckFinite($"epoch {epoch.Number}", epoch.Metrics)) return;
        _lastEpoch = epoch.Number;
        LastEpochMetrics = epoch.Metrics;
        var seconds = _sinceLastReport.Elapsed.TotalSeconds;
        _sinceLastReport.Restart();
        report(new EpochReport(epoch.Number, epoch.Metrics, seconds));
    }

    private bool CheckFinite(string where, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var (name, value) in metrics)
        {
            if (double.IsFinite(value)) continue;
            Fail(new TrialFailedException(FailureKind.NonFiniteLoss, $"{where}: metric '{name}' is {(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity")}"));
            return false;
        }
        return true;
    }

    private void Fail(Exception failure)
    {
        Failure = failure;
        stopTrial();
    }
}
