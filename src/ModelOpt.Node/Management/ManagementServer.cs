using System.Net;
using System.Net.Sockets;
using Akka;
using Akka.Actor;
using Akka.Event;
using Akka.Http.Dsl;
using Akka.Management.Dsl;
using Ceen.Httpd;

namespace ModelOpt.Node.Management;

/// <summary>
/// Serves Akka.Management's routes (bootstrap contact point, health) over HTTP. Akka.Management's own server cannot
/// start with the HTTP library the package feed serves: Akka.Http.Shim 1.5.73 calls Ceen.Httpd 0.9.9's
/// <c>HttpServer.ListenAsync(IPEndPoint, …)</c>, which Ceen.Httpd 0.9.10 (the only version obtainable) replaced with
/// <c>ListenAsync(EndPoint, …)</c>, so binding fails with a MissingMethodException. This does what the shim does,
/// against the 0.9.10 signature, and stops with the actor system.
/// Ceen binds without SO_REUSEADDR, so a node restarted within a minute of a crash finds the port held by the
/// closed connections of its previous run (TIME_WAIT; health probes leave them behind). The node then starts
/// without its management port and binds it as soon as the port is free, instead of failing its start.
/// </summary>
public static class ManagementServer
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);

    public static async Task StartAsync(ActorSystem system, string hostname, int port)
    {
        // Computing the routes also tells cluster bootstrap its own contact point (this host and port).
        var routes = AkkaManagement.Get(system).Routes();
        if (!IPAddress.TryParse(hostname, out var address))
            address = (await Dns.GetHostAddressesAsync(hostname)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var endpoint = new IPEndPoint(address, port);
        var config = new ServerConfig { Router = new AkkaRouter(system, routes) };
        var stop = new CancellationTokenSource();
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-management-http", () =>
        {
            stop.Cancel();
            return Task.FromResult(Done.Instance);
        });
        var serving = HttpServer.ListenAsync(endpoint, false, config, stop.Token);
        if (serving.IsFaulted && InUse(serving.Exception))
        {
            system.Log.Warning("The management port {0}:{1} is still held by the connections of a previous run; serving it once it is free", hostname, port);
            serving = ListenWhenFreeAsync(system, endpoint, config, stop.Token);
        }
        else if (serving.IsFaulted)
        {
            await serving;
        }
        _ = serving.ContinueWith(t => system.Log.Error(t.Exception, "The management HTTP server on {0}:{1} stopped", hostname, port),
            TaskContinuationOptions.OnlyOnFaulted);
    }

    private static async Task ListenWhenFreeAsync(ActorSystem system, IPEndPoint endpoint, ServerConfig config, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(RetryEvery, stop).ContinueWith(_ => { }, TaskScheduler.Default);
            if (stop.IsCancellationRequested) return;
            var serving = HttpServer.ListenAsync(endpoint, false, config, stop);
            if (serving.IsFaulted && InUse(serving.Exception)) continue;
            system.Log.Info("The management port {0} is served now", endpoint);
            await serving;
            return;
        }
    }

    private static bool InUse(AggregateException? failure) =>
        failure?.InnerExceptions.Any(e => e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }) == true;
}
