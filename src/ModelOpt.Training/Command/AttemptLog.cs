using System.Text;

namespace ModelOpt.Training.Command;

/// <summary>
/// What one attempt keeps of its output: stdout lines and the workload's warnings in <c>stdout.log</c>, stderr lines
/// in <c>stderr.log</c>, each also passed to the live sink. Both files share one budget of <c>maxBytes</c>; once it is
/// spent, one last warning says so and later lines are read (the process never blocks on a full pipe) but not kept.
/// Safe to write from the stdout and stderr threads at once.
/// </summary>
internal sealed class AttemptLog(TrialRunDirectory run, string trialId, long maxBytes, Action<CommandLogLine>? sink) : IAsyncDisposable
{
    private readonly StreamWriter _stdout = new(run.StdoutLog, append: false, new UTF8Encoding(false)) { AutoFlush = true };
    private readonly StreamWriter _stderr = new(run.StderrLog, append: false, new UTF8Encoding(false)) { AutoFlush = true };
    private readonly object _gate = new();
    private long _written;
    private bool _full;

    public void Write(CommandLogStream stream, string text)
    {
        lock (_gate)
        {
            if (_full) return;
            var line = stream == CommandLogStream.Warning ? $"[mopt warning] {text}" : text;
            _written += Encoding.UTF8.GetByteCount(line) + 1;
            if (_written > maxBytes)
            {
                _full = true;
                stream = CommandLogStream.Warning;
                text = $"the log of this attempt reached maxLogBytes ({maxBytes} bytes): later output is read but not kept";
                line = $"[mopt warning] {text}";
            }
            (stream == CommandLogStream.Stderr ? _stderr : _stdout).WriteLine(line);
            sink?.Invoke(new CommandLogLine(trialId, stream, text));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stdout.DisposeAsync();
        await _stderr.DisposeAsync();
    }
}
