namespace ModelOpt.Cluster.Workers;

/// <summary>
/// The shared checkpoint directory (<c>--checkpoints</c>): one folder per trial under its search. A PBT exploit starts
/// from a private copy of the source trial's folder, so the source may keep writing while the copy is read.
/// </summary>
public sealed class CheckpointDirectory(string root)
{
    public string TrialDir(string searchId, string trialId) => Path.Combine(root, searchId, trialId);

    /// <summary>
    /// Copies <paramref name="fromTrial"/>'s checkpoints for attempt <paramref name="attempt"/> of
    /// <paramref name="trialId"/> and returns the copy, or null when the source wrote none.
    /// </summary>
    public string? CopyForExploit(string searchId, string fromTrial, string trialId, int attempt)
    {
        var source = new DirectoryInfo(TrialDir(searchId, fromTrial));
        if (!source.Exists) return null;
        var target = Path.Combine(root, searchId, $"{trialId}.init-{attempt}");
        if (Directory.Exists(target)) Directory.Delete(target, recursive: true);
        CopyTree(source, Directory.CreateDirectory(target));
        return target;
    }

    private static void CopyTree(DirectoryInfo source, DirectoryInfo target)
    {
        foreach (var file in source.EnumerateFiles()) file.CopyTo(Path.Combine(target.FullName, file.Name), overwrite: true);
        foreach (var dir in source.EnumerateDirectories()) CopyTree(dir, target.CreateSubdirectory(dir.Name));
    }
}
