using System.Collections;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Training.Command;

/// <summary>
/// The environment a trial's command runs in: the worker's own without the node's settings and secrets
/// (<see cref="IsNodeSetting"/>), then the spec's <c>env</c>, then the trial's <c>MOPT_*</c> variables and its device
/// binding, which the spec cannot override (the worker owns the device slots).
/// </summary>
public static class TrialEnvironment
{
    /// <summary>
    /// Prefixes (any case) of the variables a node reads its own settings and secrets from, which a trial never sees:
    /// <c>MOPT_</c> (tokens and token files, journal connection string, seed nodes, TLS files, every node option),
    /// <c>Node__</c> (the same options through .NET configuration), <c>OTEL_</c> (exporter endpoints and headers,
    /// which may carry keys), <c>PG</c> (PostgreSQL's PGPASSWORD, PGPASSFILE, ...), and <c>ASPNETCORE_</c> /
    /// <c>Kestrel__</c> (web server certificates and their passwords). docs/command-workload.md lists them too.
    /// </summary>
    public static readonly IReadOnlyList<string> NodeSettingPrefixes = ["MOPT_", "Node__", "OTEL_", "PG", "ASPNETCORE_", "Kestrel__"];

    public const string ConfigPath = "MOPT_TRIAL_CONFIG";
    public const string TrialId = "MOPT_TRIAL_ID";
    public const string SearchId = "MOPT_SEARCH_ID";
    public const string CheckpointDir = "MOPT_CHECKPOINT_DIR";
    public const string InitCheckpoint = "MOPT_INIT_CHECKPOINT";
    public const string Device = "MOPT_DEVICE";
    public const string CudaVisibleDevices = "CUDA_VISIBLE_DEVICES";
    public const string OmpThreads = "OMP_NUM_THREADS";

    public static Dictionary<string, string?> Build(TrialContext context, IReadOnlyDictionary<string, string> specEnvironment, string configPath)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            if (!IsNodeSetting((string)entry.Key))
                environment[(string)entry.Key] = (string?)entry.Value;
        foreach (var (name, value) in specEnvironment)
            environment[name] = value;

        environment[ConfigPath] = configPath;
        environment[TrialId] = context.TrialId;
        environment[SearchId] = context.SearchId;
        environment[CheckpointDir] = context.CheckpointDir;
        environment[InitCheckpoint] = context.InitCheckpoint;
        environment[Device] = context.Device;
        // cuda:N shows the process only GPU N (which it then sees as cuda:0); a cpu trial sees no GPU at all.
        if (context.Device == "cpu") environment[CudaVisibleDevices] = "";
        else if (context.Device.StartsWith("cuda:", StringComparison.Ordinal)) environment[CudaVisibleDevices] = context.Device["cuda:".Length..];
        // A PyTorch trial's allocator then refuses to grow past the spec's cap (trial.gpuMemory).
        if (context.GpuMemoryCapBytes is { } cap && context.Device.StartsWith("cuda:", StringComparison.Ordinal))
            environment[Devices.AllocatorConfig.Variable] = Devices.AllocatorConfig.ForCap(environment.GetValueOrDefault(Devices.AllocatorConfig.Variable), cap, context.Device);
        if (!specEnvironment.ContainsKey(OmpThreads))
            environment[OmpThreads] = context.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }

    /// <summary>Whether <paramref name="name"/> is one of the node's own variables (<see cref="NodeSettingPrefixes"/>).</summary>
    public static bool IsNodeSetting(string name) =>
        NodeSettingPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
}
