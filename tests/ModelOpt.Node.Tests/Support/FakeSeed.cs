using System.Net;
using System.Net.Sockets;

namespace ModelOpt.Node.Tests.Support;

/// <summary>
/// Something other than a node on a seed's port: it accepts every connection and either never writes a byte (a join
/// that never completes a handshake) or closes it at once (a proxy or sidecar whose node does not listen yet).
/// </summary>
public sealed class FakeSeed : IDisposable
{
    private readonly TcpListener _listener;
    private readonly bool _close;
    private readonly List<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private FakeSeed(int port, bool close)
    {
        _close = close;
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Accepts and never answers.</summary>
    public static FakeSeed Silent(int port) => new(port, close: false);

    /// <summary>Accepts and closes at once.</summary>
    public static FakeSeed Closing(int port) => new(port, close: true);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                if (_close) socket.Dispose();
                else lock (_held) _held.Add(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _accepting.Wait(TimeSpan.FromSeconds(10));
        lock (_held) _held.ForEach(s => s.Dispose());
        _stop.Dispose();
    }
}
