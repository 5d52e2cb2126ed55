using System.Runtime.InteropServices;

namespace ModelOpt.Cli;

/// <summary>
/// SIGINT and SIGTERM as a request to stop: the first cancels <see cref="Token"/> and the command ends in order (a
/// node it owns stops, a resume hint is printed); a second one ends the process at once, as the runtime would have.
/// Scopes nest (<c>mopt</c>'s own and a command's): every scope hears the first signal.
/// </summary>
public sealed class StopSignals : IDisposable
{
    public const int SigintExit = 130;
    public const int SigtermExit = 143;

    private readonly CancellationTokenSource _stop;
    private readonly PosixSignalRegistration _sigint;
    private readonly PosixSignalRegistration _sigterm;
    private int _heard;

    public StopSignals(CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Heard);
        _sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Heard);
    }

    /// <summary>Cancelled by the first signal or by the token this scope was made with.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>The first signal heard; null when none was.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>The exit code the shell reports for a process that the received signal ended: 143 for SIGTERM, else 130.</summary>
    public int ExitCode => Received == PosixSignal.SIGTERM ? SigtermExit : SigintExit;

    public void Dispose()
    {
        _sigint.Dispose();
        _sigterm.Dispose();
        _stop.Dispose();
    }

    private void Heard(PosixSignalContext context)
    {
        // A later signal leaves the context alone, so unless another scope hears it first the runtime ends the process.
        if (Interlocked.Exchange(ref _heard, 1) == 1) return;
        Received = context.Signal;
        context.Cancel = true;
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The scope ended while the signal was on its way.
        }
    }
}
