using System.Text;
using System.Text.Json;
using ModelOpt.Search;
using ModelOpt.Search.Workloads;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelOpt.Cluster.Workers.Isolation;

/// <summary>
/// The trial process's side (<c>&lt;program&gt; trial-host --slot cuda:0#1 --device cuda:0</c>): reads
/// <see cref="TrialHostRequest"/>s from standard input, runs each trial on the workload its spec builds (kept per spec,
/// so a data set is loaded once per process), and writes <see cref="TrialHostReply"/>s to standard output. It prepares
/// its device before the first trial (the CUDA context), adds the process's GPU memory to every report, and ends when
/// standard input closes (the worker stopped or is replacing it), cancelling what runs. Anything else written to
/// standard output is sent to standard error, so only protocol lines go there.
/// </summary>
public static class TrialHost
{
    public const string Verb = "trial-host";

    private static readonly TimeSpan UnwindLimit = TimeSpan.FromSeconds(10);

    /// <param name="catalog">Reads the trials' specs and builds their workloads.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, SearchCatalog catalog)
    {
        var specs = new SpecCache(catalog);
        var device = Option(arguments, "--device") ?? "cpu";
        using var output = new ReplyWriter(Console.OpenStandardOutput());
        Console.SetOut(Console.Error);
        Prepare(device);
        using var memory = new ProcessGpuMemory(device);
        output.Send(new TrialHostReply(TrialHostReply.Ready) { Pid = Environment.ProcessId });

        CancellationTokenSource? cancel = null;
        var running = Task.CompletedTask;
        using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
        while (await input.ReadLineAsync() is { } line)
        {
            if (Read(line) is not { } request) continue;
            if (request.Kind == TrialHostRequest.Cancel)
            {
                cancel?.Cancel();
                continue;
            }
            if (request is not { Kind: TrialHostRequest.Run, SpecText: { } spec, Context: { } context })
            {
                Console.Error.WriteLine($"trial process: ignored a request of kind '{request.Kind}' without a spec and context");
                continue;
            }
            if (!running.IsCompleted)
            {
                output.Send(new TrialHostReply(TrialHostReply.Failed) { Failure = FailureKind.Lost, Reason = "the trial process was still running another trial" });
                continue;
            }
            cancel?.Dispose();
            cancel = new CancellationTokenSource();
            var token = cancel.Token;
            running = Task.Factory.StartNew(() => Run(specs, spec, context, output, memory, token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        cancel?.Cancel();
        await Task.WhenAny(running, Task.Delay(UnwindLimit));
        return 0;
    }

    private static void Run(SpecCache specs, string specText, TrialContext context, ReplyWriter output, ProcessGpuMemory memory, CancellationToken token)
    {
        var peak = memory.NewTrial(context.Device);
        try
        {
            var workload = specs.Workload(specText);
            var result = workload.RunAsync(context, r => output.Send(new TrialHostReply(TrialHostReply.Epoch)
            {
                EpochNumber = r.Epoch, Seconds = r.Seconds, Metrics = peak.AddTo(r.Metrics),
            }), token).GetAwaiter().GetResult();
            output.Send(new TrialHostReply(TrialHostReply.Done) { Metrics = peak.AddTo(result.Metrics), Artifacts = result.Artifacts });
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            output.Send(new TrialHostReply(TrialHostReply.Cancelled));
        }
        catch (Exception e)
        {
            var (kind, reason) = TrialFailures.Classify(e);
            output.Send(new TrialHostReply(TrialHostReply.Failed) { Failure = kind, Reason = reason });
        }
    }

    /// <summary>Loads libtorch and, on a GPU, creates the CUDA context now, so the first trial does not wait for them.</summary>
    private static void Prepare(string device)
    {
        try
        {
            using var probe = zeros(1, device: torch.device(device));
        }
        catch (Exception e)
        {
            // The first trial reports the problem with its own context (an unavailable device is a BadConfig failure).
            Console.Error.WriteLine($"trial process: could not prepare {device}: {e.Message}");
        }
    }

    private static TrialHostRequest? Read(string line)
    {
        if (line.Length == 0) return null;
        try
        {
            return TrialHostJson.Read<TrialHostRequest>(line);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"trial process: unreadable request: {e.Message}");
            return null;
        }
    }

    private static string? Option(IReadOnlyList<string> arguments, string name)
    {
        for (var i = 0; i + 1 < arguments.Count; i++)
            if (arguments[i] == name) return arguments[i + 1];
        return null;
    }

    /// <summary>Reply lines, whole and in order, from the trial's thread and the main loop alike.</summary>
    private sealed class ReplyWriter(Stream stream) : IDisposable
    {
        private readonly StreamWriter _writer = new(stream, new UTF8Encoding(false)) { AutoFlush = false };
        private readonly Lock _gate = new();

        public void Send(TrialHostReply reply)
        {
            var line = TrialHostJson.Marker + TrialHostJson.Write(reply);
            lock (_gate)
            {
                _writer.Write(line);
                _writer.Write('\n');
                _writer.Flush();
            }
        }

        public void Dispose() => _writer.Dispose();
    }
}
