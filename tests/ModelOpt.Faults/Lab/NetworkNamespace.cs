using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ModelOpt.Faults.Lab;

/// <summary>
/// Opens sockets inside a named network namespace (<c>/run/netns/NAME</c>) from this process: a socket belongs to the
/// namespace of the thread that created it, so a short-lived thread enters the namespace (<c>setns</c>, which Linux
/// allows per thread for network namespaces), creates the socket and ends. The harness's delay proxies and its HTTP
/// client reach the nodes this way, without a process per namespace and without an address in the host's namespace.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>A TCP socket created in <paramref name="name"/>; null: this process's own namespace.</summary>
    public static Socket TcpSocket(string? name) =>
        name is null ? NewTcpSocket() : RunInside(name, NewTcpSocket);

    /// <summary>Runs <paramref name="action"/> on a thread that has entered the namespace <paramref name="name"/>.</summary>
    public static T RunInside<T>(string name, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle(Path.Combine("/run/netns", name));
                if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into network namespace '{name}' failed (errno {Marshal.GetLastPInvokeError()})");
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = $"netns {name}" };
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException($"could not work inside network namespace '{name}': {failure.Message}", failure);
    }

    public static bool IsRoot => GetEuid() == 0;

    private static Socket NewTcpSocket() => new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
