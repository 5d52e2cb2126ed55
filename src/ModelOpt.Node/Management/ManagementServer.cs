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
/// </summary>
public static class ManagementServer
{
    public static async Task StartAsync(ActorSystem system, string hostname, int port)
    {
        // Computing the routes also tells cluster bootstrap its own contact point (this host and port).
        var routes = AkkaManagement.Get(system).Routes();
        if (!IPAddress.TryParse(hostname, out var address))
            address = (await Dns.GetHostAddressesAsync(hostname)).First(a => a.AddressFamily == AddressFamily.InterNetwork);
        var stop = new CancellationTokenSource();
        var serving = HttpServer.ListenAsync(new IPEndPoint(address, port), false, new ServerConfig { Router = new AkkaRouter(system, routes) }, stop.Token);
        if (serving.IsFaulted) await serving;
        _ = serving.ContinueWith(t => system.Log.Error(t.Exception, "The management HTTP server on {0}:{1} stopped", hostname, port),
            TaskContinuationOptions.OnlyOnFaulted);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceUnbind, "stop-management-http", () =>
        {
            stop.Cancel();
            return Task.FromResult(Done.Instance);
        });
    }
}
