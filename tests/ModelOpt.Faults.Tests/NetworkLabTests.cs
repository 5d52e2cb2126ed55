using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ModelOpt.Faults.Lab;
using Xunit;

namespace ModelOpt.Faults.Tests;

/// <summary>The harness itself: hosts reach each other over the bridge, cuts and heals take effect, the proxy delays.</summary>
[Trait("Category", "Faults")]
public sealed class NetworkLabTests
{
    private const int Port = 20900;

    [NamespaceFact]
    public async Task Hosts_talk_over_the_bridge_until_a_partition_cuts_them_and_again_after_the_heal()
    {
        using var lab = NetworkLab.Create();
        var a = lab.AddHost("a");
        var b = lab.AddHost("b");
        using var echo = Echo(b, Port);

        Assert.True(await ConnectsAsync(a, b.Address, Port, TimeSpan.FromSeconds(5)));
        lab.Partition([a], [b]);
        Assert.False(await ConnectsAsync(a, b.Address, Port, TimeSpan.FromSeconds(1)));
        lab.Heal();
        Assert.True(await ConnectsAsync(a, b.Address, Port, TimeSpan.FromSeconds(5)));
        lab.Loss(100);
        Assert.False(await ConnectsAsync(a, b.Address, Port, TimeSpan.FromSeconds(1)));
        lab.Loss(0);
        Assert.True(await ConnectsAsync(a, b.Address, Port, TimeSpan.FromSeconds(5)));
    }

    [NamespaceFact]
    public async Task The_delay_proxy_adds_its_delay_to_each_direction()
    {
        using var lab = NetworkLab.Create();
        var a = lab.AddHost("a");
        var b = lab.AddHost("b");
        using var echo = Echo(b, Port);
        await using var proxy = DelayProxy.Start(new IPEndPoint(b.Address, Port + 1), new IPEndPoint(b.Address, Port), b.Namespace);

        var direct = await RoundTripAsync(a, new IPEndPoint(b.Address, Port + 1));
        proxy.Delay = TimeSpan.FromMilliseconds(150);
        var delayed = await RoundTripAsync(a, new IPEndPoint(b.Address, Port + 1));

        Assert.True(delayed - direct >= TimeSpan.FromMilliseconds(290), $"round trip {direct.TotalMilliseconds:0} ms without delay, {delayed.TotalMilliseconds:0} ms with 150 ms each way");
    }

    [NamespaceFact]
    public void Disposing_the_lab_removes_its_namespaces()
    {
        string[] names;
        using (var lab = NetworkLab.Create())
        {
            lab.AddHost("a");
            names = [lab.BridgeNamespace, lab.Host("a").Namespace];
            Assert.All(names, n => Assert.True(File.Exists($"/run/netns/{n}")));
        }
        Assert.All(names, n => Assert.False(File.Exists($"/run/netns/{n}")));
    }

    /// <summary>Accepts connections on the host and echoes what it reads.</summary>
    private static Socket Echo(LabHost host, int port)
    {
        var listener = NetworkNamespace.TcpSocket(host.Namespace);
        listener.Bind(new IPEndPoint(host.Address, port));
        listener.Listen(16);
        _ = Task.Run(async () =>
        {
            while (true)
            {
                Socket client;
                try
                {
                    client = await listener.AcceptAsync();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        var buffer = new byte[256];
                        int read;
                        while ((read = await client.ReceiveAsync(buffer)) > 0) await client.SendAsync(buffer.AsMemory(0, read));
                    }
                });
            }
        });
        return listener;
    }

    private static async Task<bool> ConnectsAsync(LabHost from, IPAddress to, int port, TimeSpan timeout)
    {
        using var socket = NetworkNamespace.TcpSocket(from.Namespace);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(to, port), cancel.Token);
            return true;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            return false;
        }
    }

    /// <summary>The fastest of a few one-byte round trips on one connection (the first also warms everything up).</summary>
    private static async Task<TimeSpan> RoundTripAsync(LabHost from, IPEndPoint to)
    {
        using var socket = NetworkNamespace.TcpSocket(from.Namespace);
        await socket.ConnectAsync(to);
        var buffer = new byte[1];
        var fastest = TimeSpan.MaxValue;
        for (var i = 0; i < 4; i++)
        {
            var clock = Stopwatch.StartNew();
            await socket.SendAsync(new byte[] { 42 });
            Assert.Equal(1, await socket.ReceiveAsync(buffer));
            if (i > 0 && clock.Elapsed < fastest) fastest = clock.Elapsed;
        }
        return fastest;
    }
}
