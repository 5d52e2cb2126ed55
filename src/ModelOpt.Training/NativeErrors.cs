namespace ModelOpt.Training;

/// <summary>
/// libtorch's error messages end with where they were raised and a C++ backtrace ("Exception raised from …",
/// "frame #0: …"), dozens of lines a user cannot act on; a trial's failure reason keeps the message before them.
/// </summary>
public static class NativeErrors
{
    private static readonly string[] BacktraceStarts = ["\nException raised from ", "\nframe #0", " (most recent call first)"];

    public static string Trim(string message)
    {
        var end = message.Length;
        foreach (var start in BacktraceStarts)
        {
            var at = message.IndexOf(start, StringComparison.Ordinal);
            if (at >= 0 && at < end) end = at;
        }
        return message[..end].TrimEnd();
    }
}
