namespace ModelOpt.Training.Command;

/// <summary>Reads process states and groups from <c>/proc</c>.</summary>
internal static class LinuxProcessTable
{
    /// <summary>Whether a process of group <paramref name="groupId"/> is alive (neither zombie nor dead).</summary>
    public static bool AnyLiveMember(int groupId)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0])) continue;
            if (TryReadStateAndGroup(dir, out var state, out var group) && group == groupId && state is not ('Z' or 'X' or 'x'))
                return true;
        }
        return false;
    }

    /// <summary>Parses "pid (comm) state ppid pgrp ..." from /proc/[pid]/stat; comm may hold spaces and parentheses.</summary>
    private static bool TryReadStateAndGroup(string processDir, out char state, out int group)
    {
        state = '?';
        group = 0;
        string stat;
        try { stat = File.ReadAllText(Path.Combine(processDir, "stat")); }
        catch (IOException) { return false; } // the process ended while the table was read
        catch (UnauthorizedAccessException) { return false; }
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 4);
        if (fields.Length < 3 || fields[0].Length != 1 || !int.TryParse(fields[2], out group)) return false;
        state = fields[0][0];
        return true;
    }
}
