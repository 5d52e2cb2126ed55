using System.Runtime.InteropServices;

namespace ModelOpt.Training.Command;

/// <summary>
/// <c>kill(2)</c>, for signalling a whole process group: .NET's <see cref="System.Diagnostics.Process.Kill(bool)"/>
/// only sends SIGKILL and only reaches descendants it can still find by parentage, not orphaned background children.
/// </summary>
internal static class PosixSignals
{
    public const int SigTerm = 15;
    public const int SigKill = 9;
    private const int NoSuchProcess = 3; // ESRCH

    /// <summary>Sends <paramref name="signal"/> to every process in group <paramref name="groupId"/>; false if the group is empty.</summary>
    public static bool SignalGroup(int groupId, int signal) => Send(-groupId, signal);

    /// <summary>Sends <paramref name="signal"/> to one process; false if it does not exist.</summary>
    public static bool SignalProcess(int processId, int signal) => Send(processId, signal);

    /// <summary>Whether any process (zombies included) is still in the group.</summary>
    public static bool GroupExists(int groupId) => Send(-groupId, 0);

    private static bool Send(int target, int signal)
    {
        if (kill(target, signal) == 0) return true;
        var error = Marshal.GetLastPInvokeError();
        // EPERM means the group still has a member we may not signal (it changed user); count it as present.
        return error != NoSuchProcess;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
