using System.Diagnostics;
using System.Text.Json;

namespace ModelOpt.Cli.Client;

/// <summary>
/// <c>context.json</c> in the <see cref="ConfigDirectory"/>: the endpoint <c>mopt</c> talks to when no host is given,
/// and the file holding its token. <c>mopt run</c> writes it for its local node, with the run's journal and its own
/// process (id and start time), so that once the run has ended <c>mopt</c> reads the journal instead.
/// </summary>
public sealed record ClientContext(string Host, string? TokenFile)
{
    public const string FileName = "context.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The journal of the <c>mopt run</c> that wrote this context; null for one written by hand.</summary>
    public string? Journal { get; init; }

    /// <summary>The process id of the <c>mopt run</c> that serves <see cref="Host"/>; null for a context written by hand.</summary>
    public int? Pid { get; init; }

    /// <summary>When that process started, so that a later process with the same id is not taken for it.</summary>
    public DateTimeOffset? PidStarted { get; init; }

    public static string PathIn(string configDirectory) => System.IO.Path.Combine(configDirectory, FileName);

    public static ClientContext? Read(string configDirectory)
    {
        var path = PathIn(configDirectory);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<ClientContext>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new CliFailure(ExitCodes.Usage, $"{path}: not a valid context file ({e.Message})");
        }
    }

    /// <summary>This process as the one serving the context's endpoint.</summary>
    public ClientContext OfThisProcess()
    {
        using var self = Process.GetCurrentProcess();
        return this with { Pid = self.Id, PidStarted = self.StartTime.ToUniversalTime() };
    }

    /// <summary>False when the context names a run whose process has ended; true otherwise (also when it names none).</summary>
    public bool IsLive()
    {
        if (Pid is not { } pid) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && (PidStarted is not { } started || Math.Abs((process.StartTime.ToUniversalTime() - started.UtcDateTime).TotalSeconds) < 1);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public void Write(string configDirectory)
    {
        Directory.CreateDirectory(configDirectory);
        var path = PathIn(configDirectory);
        var temp = path + $".{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json));
        File.Move(temp, path, overwrite: true);
    }
}
