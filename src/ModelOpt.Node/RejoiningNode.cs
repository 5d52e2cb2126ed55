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
/// <para>
/// Akka.Remote stops the actor system when a TLS handshake it started fails. That is also what happens when a peer's
/// port is answered by something that closes the connection before the peer listens (a proxy, a sidecar, a load
/// balancer's listener), so such a stop is tried again a few times; only a handshake that keeps failing
/// (<see cref="MaxTlsRetries"/> in a row: a certificate the peers refuse) ends the run, with Akka's exit code 79.
/// </para>
/// </summary>
public sealed class RejoiningNode(Func<bool, IHost> build, Action<string>? report = null, TimeSpan? firstPause = null)
{
    public static readonly TimeSpan MaxPause = TimeSpan.FromSeconds(15);
    public const int MaxTlsRetries = 8;

    // Akka.Remote's reason type for it is internal; its exit code is what identifies it.
    private const int TlsHandshakeFailed = 79;
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

    /// <summary>
    /// Runs until a stop that does not call for a rejoin, or until <paramref name="stopping"/> is cancelled; returns the
    /// process's exit code: 0 for a requested stop, else the code of the reason the last actor system stopped for.
    /// </summary>
    public async Task<int> RunAsync(CancellationToken stopping = default)
    {
        var pause = TimeSpan.Zero;
        var rejoining = false;
        var tlsFailures = 0;
        var first = firstPause ?? TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            var host = build(rejoining);
            lock (_gate) _current = host;
            CoordinatedShutdown.Reason? reason;
            var wasMember = false;
            using (host)
            {
                var system = host.Services.GetRequiredService<ActorSystem>();
                Akka.Cluster.Cluster.Get(system).RegisterOnMemberUp(() => wasMember = true);
                try
                {
                    // Not RunAsync: it disposes the host, and the reason is read from the stopped actor system afterwards.
                    await host.StartAsync(stopping);
                    await host.WaitForShutdownAsync(stopping);
                }
                catch (Exception) when (!stopping.IsCancellationRequested && CoordinatedShutdown.Get(system).ShutdownReason is not null)
                {
                    // The actor system stopped while the host was starting (a failed TLS handshake, a downing), so the
                    // start timed out waiting for it: judged by the reason it stopped for, like any other stop.
                }
                reason = CoordinatedShutdown.Get(system).ShutdownReason;
            }
            if (stopping.IsCancellationRequested) return 0;
            var settled = DateTime.UtcNow - started > Settled;
            if (RejoinReason.CallsForRejoin(reason))
            {
                rejoining = true;
                tlsFailures = 0;
            }
            else if (reason?.ExitCode == TlsHandshakeFailed)
            {
                tlsFailures = settled ? 1 : tlsFailures + 1;
                if (tlsFailures > MaxTlsRetries)
                {
                    report?.Invoke($"{tlsFailures} TLS handshakes in a row failed ({reason}); the peers refuse this node's certificate or it refuses theirs: check --tls-dir on both sides");
                    return TlsHandshakeFailed;
                }
                // A member that lost its place must not form a cluster of its own; a node that never got in starts as before.
                rejoining |= wasMember;
            }
            else return reason?.ExitCode ?? 0;
            Rejoins++;
            pause = settled ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, Math.Max(first.Ticks, pause.Ticks * 2)));
            report?.Invoke($"the node's actor system stopped ({reason}); {(rejoining ? "joining the cluster again" : "starting again")} in {pause.TotalSeconds:0.#} s");
            await Task.Delay(pause, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        return 0;
    }
}
