using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;

namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>
/// One running trial process, seen from the worker: requests go to its standard input, replies come from its standard
/// output, and the end of its standard error is kept to explain a death. Runs one trial at a time
/// (<see cref="SlotProcess"/> makes sure of that).
/// </summary>
internal sealed class TrialProcess : IDisposable
{
    private const int StderrLines = 20;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Channel<TrialHostReply> _replies = Channel.CreateUnbounded<TrialHostReply>(new UnboundedChannelOptions { SingleReader = true });
    private readonly LineTail _stderr = new(StderrLines);
    private readonly Lock _input = new();
    private readonly Task _stderrRead;

    private TrialProcess(Process process, long? memoryCap)
    {
        _process = process;
        MemoryCap = memoryCap;
        _ = Task.Run(ReadRepliesAsync);
        _stderrRead = Task.Run(ReadStderrAsync);
    }

    /// <summary>The per-process GPU memory cap it was started with, bytes; null for none.</summary>
    public long? MemoryCap { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static TrialProcess Start(ProcessStartInfo info, long? memoryCap)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        return new TrialProcess(process, memoryCap);
    }

    /// <summary>
    /// Runs one trial: its epochs go to <paramref name="report"/>; returns its result, or throws
    /// <see cref="TrialFailedException"/> (its failure, or <see cref="FailureKind.Crash"/> if the process died) or, once
    /// <paramref name="cancellationToken"/> is cancelled and the trial has unwound, <see cref="OperationCanceledException"/>.
    /// A trial that does not unwind within <paramref name="cancelGrace"/> of the cancellation has its process killed.
    /// </summary>
    public async Task<TrialResult> RunAsync(TrialHostRequest request, Action<EpochReport> report, TimeSpan cancelGrace, string slot, CancellationToken cancellationToken)
    {
        var ended = new CancellationTokenSource();
        Send(request);
        await using var onCancel = cancellationToken.Register(() =>
        {
            Send(new TrialHostRequest(TrialHostRequest.Cancel));
            _ = Task.Delay(cancelGrace, ended.Token).ContinueWith(t =>
            {
                if (!t.IsCanceled) Kill();
            }, TaskScheduler.Default);
        });
        try
        {
            while (await _replies.Reader.WaitToReadAsync(CancellationToken.None))
            {
                var reply = await _replies.Reader.ReadAsync(CancellationToken.None);
                switch (reply.Kind)
                {
                    case TrialHostReply.Epoch:
                        report(new EpochReport(reply.EpochNumber, reply.Metrics ?? new Dictionary<string, double>(), reply.Seconds));
                        break;
                    case TrialHostReply.Done:
                        return new TrialResult(reply.Metrics ?? new Dictionary<string, double>(), reply.Artifacts);
                    case TrialHostReply.Failed:
                        throw new TrialFailedException(reply.Failure ?? FailureKind.Exception, reply.Reason ?? "the trial failed in its process");
                    case TrialHostReply.Cancelled:
                        throw new OperationCanceledException(cancellationToken);
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new TrialFailedException(FailureKind.Crash, await DescribeDeathAsync(slot));
        }
        finally
        {
            await ended.CancelAsync();
            ended.Dispose();
        }
    }

    /// <summary>Closes its standard input (it finishes what it runs and exits) and kills it if it lingers.</summary>
    public void Dispose()
    {
        try
        {
            lock (_input) _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // Already gone.
        }
        if (!_process.WaitForExit(ExitWait)) Kill();
        _process.Dispose();
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It exited in between.
        }
    }

    private void Send(TrialHostRequest request)
    {
        try
        {
            lock (_input)
            {
                _process.StandardInput.WriteLine(TrialHostJson.Write(request));
                _process.StandardInput.Flush();
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ObjectDisposedException)
        {
            // The process is gone; its replies end and the trial is reported as a crash.
        }
    }

    private async Task<string> DescribeDeathAsync(string slot)
    {
        using var wait = new CancellationTokenSource(ExitWait);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            await _stderrRead.WaitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            return $"the trial process {Id} of slot {slot} stopped answering; stderr tail:{Environment.NewLine}{string.Join(Environment.NewLine, _stderr.Lines)}";
        }
        return $"the trial process {Id} of slot {slot} died: {ProcessExits.Describe(_process.ExitCode, _stderr.Lines)}";
    }

    private async Task ReadRepliesAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (!line.StartsWith(TrialHostJson.Marker, StringComparison.Ordinal))
                {
                    _stderr.Add(line);
                    continue;
                }
                try
                {
                    _replies.Writer.TryWrite(TrialHostJson.Read<TrialHostReply>(line[TrialHostJson.Marker.Length..]));
                }
                catch (JsonException e)
                {
                    _stderr.Add($"unreadable reply: {e.Message}");
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe broke: the same as the process ending.
        }
        finally
        {
            _replies.Writer.TryComplete();
        }
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line) _stderr.Add(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // Gone.
        }
    }
}
