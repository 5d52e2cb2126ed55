using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace ModelOpt.Node;

/// <summary>
/// The lifetime of a node started by another program (<c>mopt run</c>) with <c>--stop-on-stdin-close</c>: it stops
/// when its standard input closes (the parent asked it to, or the parent died, even by SIGKILL) or on SIGTERM. The
/// terminal's Ctrl+C reaches the whole process group; it is left to the parent, which stops the node in order.
/// </summary>
public sealed class ParentLifetime(IHostApplicationLifetime application) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _signals = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true));
        _signals.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            application.StopApplication();
        }));
        var watch = new Thread(() =>
        {
            try
            {
                using var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }
            catch (IOException)
            {
                // A broken pipe means the same as a closed one.
            }
            application.StopApplication();
        }) { IsBackground = true, Name = "stdin-watch" };
        watch.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var signal in _signals) signal.Dispose();
    }
}
