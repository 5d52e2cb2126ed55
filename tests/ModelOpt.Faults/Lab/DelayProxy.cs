using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ModelOpt.Faults.Lab;

/// <summary>
/// A TCP forwarder that delays every byte by <see cref="Delay"/> in each direction, for latency where the kernel has no
/// <c>netem</c>. A node advertises the proxy's address as its public one (Akka remoting's public hostname and port), so
/// every connection another node opens to it passes here; both directions of a connection are delayed, so a round trip
/// costs twice the delay. Delay does not limit throughput: chunks are queued with the time they arrived and written
/// once their delay has passed, in order. Listening and connecting happen inside <see cref="NetworkNamespace"/>
/// <c>Namespace</c> (null: this process's own), so the proxy sits on the node's own host.
/// </summary>
public sealed class DelayProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly string? _namespace;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _delayTicks;

    private DelayProxy(Socket listener, IPEndPoint target, string? ns)
    {
        _listener = listener;
        _target = target;
        _namespace = ns;
        _accepting = AcceptAsync();
    }

    public IPEndPoint Listening => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>Added to each direction of every connection; takes effect for bytes read from now on.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, Math.Max(0, value.Ticks));
    }

    public static DelayProxy Start(IPEndPoint listen, IPEndPoint target, string? ns = null)
    {
        var listener = NetworkNamespace.TcpSocket(ns);
        try
        {
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(listen);
            listener.Listen(128);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        return new DelayProxy(listener, target, ns);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using (client)
        using (var server = NetworkNamespace.TcpSocket(_namespace))
        {
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(_target, linked.Token);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return; // the node is down: the caller sees its connection closed, as with a refused one
            }
            // One direction ending (a close or a reset) ends the connection, as it would without the proxy.
            var up = PumpAsync(client, server, linked.Token);
            var down = PumpAsync(server, client, linked.Token);
            await Task.WhenAny(up, down);
            await linked.CancelAsync();
            await Task.WhenAll(Ignore(up), Ignore(down));
        }
    }

    private async Task PumpAsync(Socket from, Socket to, CancellationToken token)
    {
        var chunks = Channel.CreateUnbounded<(long Due, byte[] Bytes)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteDelayedAsync(chunks.Reader, to, token);
        try
        {
            var buffer = new byte[64 * 1024];
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, token);
                if (read == 0) break;
                chunks.Writer.TryWrite((Environment.TickCount64 + (long)Delay.TotalMilliseconds, buffer[..read]));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the connection ended
        }
        chunks.Writer.TryComplete();
        await Ignore(writing);
        try
        {
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already closed
        }
    }

    private static async Task WriteDelayedAsync(ChannelReader<(long Due, byte[] Bytes)> chunks, Socket to, CancellationToken token)
    {
        await foreach (var (due, bytes) in chunks.ReadAllAsync(token))
        {
            var wait = due - Environment.TickCount64;
            if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), token);
            await to.SendAsync(bytes, SocketFlags.None, token);
        }
    }

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException or ChannelClosedException)
        {
            // the connection ended
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
    }
}
