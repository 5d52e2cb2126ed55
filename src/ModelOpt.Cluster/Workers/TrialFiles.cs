using System.IO.Compression;
using Akka.Actor;

namespace ModelOpt.Cluster.Workers;

/// <summary>
/// One per worker process, at <c>/user/trial-files</c>: serves what trials left on this machine — the command
/// workload's per-attempt logs (<c>logDir/search/trial/attempt-N/*.log</c>) and the trial's checkpoint directory — to
/// the command endpoint, which finds it through the trial's node address. Archives go out in chunks small enough for
/// a remoting frame.
/// </summary>
public sealed class TrialFiles : ReceiveActor
{
    public const string Name = "trial-files";

    /// <summary>Under Akka's default 128 000-byte frame once base64-encoded.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>Answered with <see cref="Logs"/>: the last <paramref name="MaxLines"/> lines of each log file.</summary>
    public sealed record ReadLogs(string SearchId, string TrialId, string? LogDir, int MaxLines) : IModelOptMessage;

    /// <param name="Lines">Each line prefixed with its file (<c>attempt-1/stderr.log</c>).</param>
    public sealed record Logs(IReadOnlyList<string> Lines) : IModelOptMessage;

    /// <summary>
    /// Answered with <see cref="ArchiveChunk"/>: the zip (checkpoints/…, logs/…) from <paramref name="Offset"/>. The
    /// zip is built when offset 0 is asked for and deleted once its last chunk is sent.
    /// </summary>
    public sealed record ReadArchive(string ExportId, string SearchId, string TrialId, string? LogDir, long Offset) : IModelOptMessage;

    public sealed record ArchiveChunk(byte[] Data, long Offset, long Total) : IModelOptMessage;

    private readonly string? _checkpointRoot;

    public TrialFiles(string? checkpointRoot)
    {
        _checkpointRoot = checkpointRoot;
        Receive<ReadLogs>(r => Sender.Tell(new Logs(LogLines(r.LogDir, r.SearchId, r.TrialId, r.MaxLines))));
        ReceiveAsync<ReadArchive>(async r =>
        {
            var sender = Sender;
            sender.Tell(await Task.Run(() => Chunk(r)));
        });
    }

    public static Props Props(string? checkpointRoot) => Akka.Actor.Props.Create(() => new TrialFiles(checkpointRoot));

    /// <summary>The last <paramref name="maxLines"/> lines of each log file of the trial's attempts, each prefixed with its file.</summary>
    public static List<string> LogLines(string? logDir, string searchId, string trialId, int maxLines)
    {
        var lines = new List<string>();
        if (LogsDir(logDir, searchId, trialId) is not { Exists: true } dir) return lines;
        foreach (var attempt in dir.EnumerateDirectories("attempt-*").OrderBy(d => d.Name.Length).ThenBy(d => d.Name, StringComparer.Ordinal))
            foreach (var file in attempt.EnumerateFiles("*.log").OrderBy(f => f.Name, StringComparer.Ordinal))
                lines.AddRange(File.ReadLines(file.FullName).TakeLast(maxLines).Select(l => $"{attempt.Name}/{file.Name}: {l}"));
        return lines;
    }

    /// <summary>Adds the trial's checkpoints (<c>checkpoints/…</c>) and command logs (<c>logs/…</c>) on this machine to <paramref name="zip"/>.</summary>
    public static void AddFiles(ZipArchive zip, string? checkpointRoot, string? logDir, string searchId, string trialId)
    {
        if (checkpointRoot is not null) Add(zip, new DirectoryInfo(new CheckpointDirectory(checkpointRoot).TrialDir(searchId, trialId)), "checkpoints");
        if (LogsDir(logDir, searchId, trialId) is { } logs) Add(zip, logs, "logs");
    }

    private ArchiveChunk Chunk(ReadArchive r)
    {
        var path = Path.Combine(Path.GetTempPath(), "mopt-export", $"{Path.GetFileName(r.ExportId)}.zip");
        if (r.Offset == 0) Build(path, r);
        byte[] data;
        long total;
        using (var stream = File.OpenRead(path))
        {
            total = stream.Length;
            stream.Seek(r.Offset, SeekOrigin.Begin);
            data = new byte[(int)Math.Min(ChunkSize, Math.Max(0, total - r.Offset))];
            stream.ReadExactly(data);
        }
        if (r.Offset + data.Length >= total) File.Delete(path);
        return new ArchiveChunk(data, r.Offset, total);
    }

    private void Build(string path, ReadArchive r)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        AddFiles(zip, _checkpointRoot, r.LogDir, r.SearchId, r.TrialId);
    }

    private static void Add(ZipArchive zip, DirectoryInfo dir, string prefix)
    {
        if (!dir.Exists) return;
        foreach (var file in dir.EnumerateFiles("*", SearchOption.AllDirectories))
            zip.CreateEntryFromFile(file.FullName, $"{prefix}/{Path.GetRelativePath(dir.FullName, file.FullName).Replace('\\', '/')}");
    }

    private static DirectoryInfo? LogsDir(string? logDir, string searchId, string trialId) =>
        logDir is null ? null : new DirectoryInfo(Path.Combine(Path.GetFullPath(logDir), searchId, trialId));
}
