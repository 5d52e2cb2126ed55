using System.Runtime.InteropServices;

namespace ModelOpt.Faults.Lab;

/// <summary>POSIX signals to one process id, as <c>kill -9</c> and <c>kill -TERM</c> send them.</summary>
public static partial class Signals
{
    public const int Kill = 9;
    public const int Terminate = 15;

    /// <summary>False when the process is gone already.</summary>
    public static bool Send(int pid, int signal) => SendSignal(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
