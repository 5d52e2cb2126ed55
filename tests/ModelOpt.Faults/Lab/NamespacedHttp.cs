using System.Net.Sockets;

namespace ModelOpt.Faults.Lab;

/// <summary>An HttpClient whose connections are opened inside a lab host's namespace (null: this process's own).</summary>
public static class NamespacedHttp
{
    public static HttpClient Create(LabHost? host, Uri baseAddress, TimeSpan timeout)
    {
        var ns = host?.Namespace;
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromSeconds(30),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = NetworkNamespace.TcpSocket(ns);
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = timeout };
    }
}
