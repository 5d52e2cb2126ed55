using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ModelOpt.Cluster.Membership;

namespace ModelOpt.Node;

/// <summary>
/// Runs a node's host and, when its actor system stopped because the cluster downed the node or it found no
/// coordinator (<see cref="RejoinReason.CallsForRejoin"/>), builds a fresh host whose actor system joins again — in the
/// same process, so no supervisor is needed and no restart back-off applies. The build function is told whether it
/// builds such a rejoining host: a rejoining node joins an existing cluster and never forms one while another seed may
/// still be in one (the side that downed itself must not become a second cluster on the same journal); as the first
/// seed it forms one when every other seed says it is in none. Any other stop (SIGTERM, Ctrl+C,
/// <c>cluster leave</c>, a failed start) ends the run. Rejoins that follow each other quickly wait a little longer each
/// time (up to <see cref="MaxPause"/>), so a node that cannot stay in a cluster does not spin.
/// </summary>
public sealed class RejoiningNode(Func<bool, IHost> build, Action<string>? report = null)
{
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Settled = TimeSpan.FromMinutes(1);
    private readonly object _gate = new();
    private IHost? _current;

    /// <summary>The host now running (a later one after a rejoin).</summary>
    public IHost Current
    {
        get
        {
            lock (_gate) return _current ?? throw new InvalidOperationException("the node is not running");
        }
    }

    /// <summary>How many times the node rejoined.</summary>
    public int Rejoins { get; private set; }

    /// <summary>Runs until a stop that does not call for a rejoin, or until <paramref name="stopping"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stopping = default)
    {
        var pause = TimeSpan.Zero;
        while (!stopping.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            var host = build(Rejoins > 0);
            lock (_gate) _current = host;
            CoordinatedShutdown.Reason? reason;
            using (host)
            {
                // Not RunAsync: it disposes the host, and the reason is read from the stopped actor system afterwards.
                await host.StartAsync(stopping);
                await host.WaitForShutdownAsync(stopping);
                reason = CoordinatedShutdown.Get(host.Services.GetRequiredService<ActorSystem>()).ShutdownReason;
            }
            if (stopping.IsCancellationRequested || !RejoinReason.CallsForRejoin(reason)) return;
            Rejoins++;
            pause = DateTime.UtcNow - started > Settled ? TimeSpan.Zero
                : TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, Math.Max(TimeSpan.FromSeconds(1).Ticks, pause.Ticks * 2)));
            report?.Invoke($"the node's actor system stopped ({reason}); joining the cluster again in {pause.TotalSeconds:0.#} s");
            await Task.Delay(pause, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
