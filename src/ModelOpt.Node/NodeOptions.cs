using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Node.Management;
using ModelOpt.Node.Endpoint;
using ModelOpt.Cluster.Searches;
using ModelOpt.Cluster.Security;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search.Specs;

namespace ModelOpt.Node;

/// <summary>How one node runs: its roles, address, seeds, slots, journal and checkpoint directory.</summary>
public sealed record NodeOptions
{
    public const int DefaultPort = 4053;

    public IReadOnlyList<string> Roles { get; init; } = [CoordinatorHostingExtensions.CoordinatorRole, CoordinatorHostingExtensions.WorkerRole];
    public string Hostname { get; init; } = "127.0.0.1";
    public int Port { get; init; } = DefaultPort;
    public IReadOnlyList<string> SeedNodes { get; init; } = [];
    public int Slots { get; init; } = 1;

    /// <summary><c>auto</c> (one slot per GPU libtorch sees, else <see cref="Slots"/> CPU slots), <c>none</c>, or a GPU count.</summary>
    public string Gpus { get; init; } = "auto";

    /// <summary>Trials that share one GPU (each its own slot).</summary>
    public int TrialsPerGpu { get; init; } = 1;

    /// <summary>Where trials run: <c>auto</c> (GPU slots in a trial process each, CPU slots on threads), <c>thread</c>, <c>process</c>.</summary>
    public TrialIsolation TrialIsolation { get; init; } = TrialIsolation.Auto;

    /// <summary>The program that starts a trial process; null for this one (<see cref="TrialHostCommand.Current"/>).</summary>
    public TrialHostCommand? TrialHostCommand { get; init; }

    /// <summary>A SQLite file path or a PostgreSQL connection string (<c>Host=…</c>); null for an in-memory journal.</summary>
    public string? Journal { get; init; }

    public string? Checkpoints { get; init; }

    /// <summary>Journaled events between a search's snapshots (0: never); recovery replays at most this many.</summary>
    public int SnapshotEvery { get; init; } = SearchEntity.DefaultSnapshotEvery;

    /// <summary>
    /// Whether a search sends a trial's start while its journal write is in flight (the attempt runs during the commit;
    /// one whose write then fails runs as a fenced orphan) rather than once it is stored.
    /// </summary>
    public bool StartBeforeStored { get; init; } = true;

    /// <summary>How long ended searches keep their journal (<c>--archive-after</c>, <c>--delete-after</c>); default: kept as they are.</summary>
    public RetentionOptions Retention { get; init; } = RetentionOptions.KeepAll;

    /// <summary>How long membership must be stable before the split brain resolver downs unreachable nodes.</summary>
    public TimeSpan? DownAfter { get; init; } = DefaultDownAfter;

    /// <summary>
    /// The resolver's default wait: a worker that crashed has its trials requeued as soon as it is unreachable (a few
    /// seconds), so this only bounds how long a partitioned or paused node may stay before it is removed and rejoins.
    /// docs/operations.md weighs it.
    /// </summary>
    public static readonly TimeSpan DefaultDownAfter = TimeSpan.FromSeconds(10);

    /// <summary>How long heartbeats may be missing before a member counts as unreachable; null: Akka's 3 s.</summary>
    public TimeSpan? HeartbeatPause { get; init; }

    /// <summary>
    /// A node without the coordinator role that sees no coordinator for this long rejoins, and any node still joining after
    /// twice as long joins again; null: never (embedded and client nodes).
    /// </summary>
    public TimeSpan? RejoinAfter { get; init; }

    public static readonly TimeSpan DefaultRejoinAfter = TimeSpan.FromSeconds(15);

    /// <summary>The address other nodes reach this one at, when it is not <see cref="Hostname"/>:<see cref="Port"/> (a proxy, NAT).</summary>
    public string? PublicHostname { get; init; }

    public int? PublicPort { get; init; }

    /// <summary>The lowest level logged (Akka and host); the CLI raises it to keep a terminal readable.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Akka.Management's HTTP port (bootstrap contact point, <c>/health/ready</c>, <c>/health/alive</c>); null: not served.</summary>
    public int? ManagementPort { get; init; }

    /// <summary>How bootstrap finds the other nodes (seed nodes are then unused); null: seed nodes.</summary>
    public DiscoveryOptions? Discovery { get; init; }

    /// <summary>Where OTLP traces and metrics go (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); null: no OTLP export.</summary>
    public string? OtlpEndpoint { get; init; }

    /// <summary>
    /// Whether metrics go out over OTLP too (with <see cref="OtlpEndpoint"/>): the standard <c>OTEL_METRICS_EXPORTER</c>
    /// unset or naming <c>otlp</c>. Deployments where Prometheus scrapes <c>/metrics</c> set it to <c>none</c>, so OTLP
    /// carries only traces and no series is counted twice.
    /// </summary>
    public bool OtlpMetrics { get; init; } = true;

    /// <summary>Print spans and metrics on the console, for local debugging.</summary>
    public bool TelemetryConsole { get; init; }

    /// <summary>Stop when standard input closes, and leave Ctrl+C to the parent (<see cref="ParentLifetime"/>): for a node another program starts and owns (<c>mopt run</c>).</summary>
    public bool StopOnStdinClose { get; init; }

    /// <summary>Print one JSON line on stdout once started, with the command endpoint's address (<see cref="ReadyLine"/>).</summary>
    public bool PrintReady { get; init; }

    /// <summary>The management port in use: the one given, else the default when bootstrap needs it, else none.</summary>
    public int? ServedManagementPort => ManagementPort ?? (Discovery is null ? null : ManagementHostingExtensions.DefaultPort);
    /// <summary>The command endpoint a coordinator serves; null for none (tests, embedded nodes that need none).</summary>
    public CommandEndpointOptions? Endpoint { get; init; }

    /// <summary>
    /// Mutual TLS for remoting (<c>--tls-dir</c>): this node's certificate and the cluster's CA. Null: plain TCP, which
    /// any process that reaches the port can join (the node warns unless it binds loopback).
    /// </summary>
    public ClusterTls? Tls { get; init; }

    public bool IsCoordinator => Roles.Contains(CoordinatorHostingExtensions.CoordinatorRole);
    public bool IsWorker => Roles.Contains(CoordinatorHostingExtensions.WorkerRole);

    /// <summary>
    /// Reads the options from configuration: command-line switches (<c>--roles</c>, <c>--hostname</c>, <c>--port</c>,
    /// <c>--seed-nodes</c>, <c>--slots</c>, <c>--gpus</c>, <c>--trials-per-gpu</c>, <c>--trial-isolation</c>, <c>--journal</c>, <c>--checkpoints</c>, <c>--down-after</c> seconds, <c>--snapshot-every</c>, <c>--start-before-stored</c>,
    /// <c>--archive-after</c>, <c>--delete-after</c>, <c>--heartbeat-pause</c> seconds, <c>--rejoin-after</c> seconds (0: never), <c>--public-hostname</c>, <c>--public-port</c>), then
    /// environment variables (MOPT_ROLES, MOPT_HOSTNAME, MOPT_PORT, MOPT_SEED_NODES, MOPT_SLOTS, MOPT_GPUS, MOPT_TRIALS_PER_GPU, MOPT_TRIAL_ISOLATION, MOPT_JOURNAL,
    /// MOPT_CHECKPOINTS, MOPT_DOWN_AFTER, MOPT_SNAPSHOT_EVERY, MOPT_START_BEFORE_STORED, MOPT_ARCHIVE_AFTER, MOPT_DELETE_AFTER, MOPT_HEARTBEAT_PAUSE, MOPT_REJOIN_AFTER, MOPT_PUBLIC_HOSTNAME,
    /// MOPT_PUBLIC_PORT), then the <c>Node</c> section of appsettings.json (Roles, Hostname, Port, SeedNodes, Slots, Gpus, TrialsPerGpu, TrialIsolation, Journal,
    /// Checkpoints, DownAfter, SnapshotEvery, StartBeforeStored, ArchiveAfter, DeleteAfter, HeartbeatPause, RejoinAfter, PublicHostname, PublicPort). Management, discovery and telemetry likewise:
    /// <c>--management-port</c>, <c>--discovery</c> (<see cref="DiscoveryOptions.Read"/>), <c>--telemetry-console</c>
    /// (MOPT_TELEMETRY_CONSOLE=1), and the standard OTEL_EXPORTER_OTLP_ENDPOINT and OTEL_METRICS_EXPORTER. <c>--log-level</c> (default information);
    /// for a node another program owns: <c>--stop-on-stdin-close</c>, <c>--print-ready</c> and <c>--ephemeral-tls</c>.
    /// The command endpoint's settings as <see cref="CommandEndpointOptions.Read"/> describes. TLS: <c>--tls-dir</c> (MOPT_TLS_DIR,
    /// TlsDir) names a directory holding <c>tls.crt</c>, <c>tls.key</c> and <c>ca.crt</c> (<see cref="ClusterTls.Load"/>),
    /// used for remoting and, with <c>--command-tls</c>, for the command endpoint's HTTPS.
    /// Throws <see cref="ArgumentException"/> naming the setting and the bad value.
    /// </summary>
    public static NodeOptions Read(IConfiguration configuration)
    {
        string? Get(string name, string appSetting) =>
            configuration[name] ?? configuration[$"MOPT_{name.Replace('-', '_').ToUpperInvariant()}"] ?? configuration[$"Node:{appSetting}"];

        var defaults = new NodeOptions();
        var roles = List(Get("roles", "Roles")) ?? defaults.Roles;
        foreach (var role in roles)
            if (role is not (CoordinatorHostingExtensions.CoordinatorRole or CoordinatorHostingExtensions.WorkerRole))
                throw new ArgumentException($"--roles: unknown role '{role}'; use coordinator, worker or both");
        if (roles.Count == 0) throw new ArgumentException("--roles: give at least one of coordinator, worker");
        // --ephemeral-tls: a CA made in memory at start, trusted by nothing else, so no other node can join (mopt run's node).
        var tls = Get("tls-dir", "TlsDir") is { Length: > 0 } tlsDir ? ClusterTls.Load(tlsDir)
            : Get("ephemeral-tls", "EphemeralTls") is { } ephemeral && Flag(ephemeral, "--ephemeral-tls") ? ClusterTls.InMemory()
            : null;
        return new NodeOptions
        {
            Roles = roles,
            Hostname = Get("hostname", "Hostname") ?? defaults.Hostname,
            Port = Int(Get("port", "Port"), "--port", 0, 65535) ?? defaults.Port,
            SeedNodes = List(Get("seed-nodes", "SeedNodes")) ?? defaults.SeedNodes,
            Slots = Int(Get("slots", "Slots"), "--slots", 1, 1024) ?? defaults.Slots,
            Gpus = CheckGpus(Get("gpus", "Gpus")) ?? defaults.Gpus,
            TrialsPerGpu = Int(Get("trials-per-gpu", "TrialsPerGpu"), "--trials-per-gpu", 1, 64) ?? defaults.TrialsPerGpu,
            TrialIsolation = Get("trial-isolation", "TrialIsolation") is { } isolation ? TrialIsolationOptions.Parse(isolation, "--trial-isolation") : defaults.TrialIsolation,
            Journal = Get("journal", "Journal"),
            Checkpoints = Get("checkpoints", "Checkpoints"),
            SnapshotEvery = Int(Get("snapshot-every", "SnapshotEvery"), "--snapshot-every", 0, 1_000_000) ?? defaults.SnapshotEvery,
            StartBeforeStored = Get("start-before-stored", "StartBeforeStored") is { } early ? Flag(early, "--start-before-stored") : defaults.StartBeforeStored,
            DownAfter = Seconds(Get("down-after", "DownAfter"), "--down-after", 1) ?? defaults.DownAfter,
            HeartbeatPause = Seconds(Get("heartbeat-pause", "HeartbeatPause"), "--heartbeat-pause", 1),
            RejoinAfter = Seconds(Get("rejoin-after", "RejoinAfter"), "--rejoin-after", 0) is { } rejoin ? rejoin > TimeSpan.Zero ? rejoin : null : DefaultRejoinAfter,
            PublicHostname = Get("public-hostname", "PublicHostname"),
            PublicPort = Int(Get("public-port", "PublicPort"), "--public-port", 1, 65535),
            Retention = new RetentionOptions(Duration(Get("archive-after", "ArchiveAfter"), "--archive-after"), Duration(Get("delete-after", "DeleteAfter"), "--delete-after")),
            ManagementPort = Int(Get("management-port", "ManagementPort"), "--management-port", 0, 65535),
            Discovery = DiscoveryOptions.Read(Get),
            OtlpEndpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } otlp ? otlp : null,
            OtlpMetrics = configuration["OTEL_METRICS_EXPORTER"] is not { Length: > 0 } exporters
                || exporters.Split(',', StringSplitOptions.TrimEntries).Contains("otlp", StringComparer.OrdinalIgnoreCase),
            TelemetryConsole = Get("telemetry-console", "TelemetryConsole") is { } console && Flag(console, "--telemetry-console"),
            LogLevel = Get("log-level", "LogLevel") is { } level ? Level(level) : defaults.LogLevel,
            StopOnStdinClose = Get("stop-on-stdin-close", "StopOnStdinClose") is { } stop && Flag(stop, "--stop-on-stdin-close"),
            PrintReady = Get("print-ready", "PrintReady") is { } ready && Flag(ready, "--print-ready"),
            Endpoint = WithCertificate(CommandEndpointOptions.Read(configuration), tls),
            Tls = tls,
        };
    }

    internal static LogLevel Level(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level)
            ? level
            : throw new ArgumentException($"--log-level: expected trace, debug, information, warning, error, critical or none, got '{value}'");

    private static CommandEndpointOptions WithCertificate(CommandEndpointOptions endpoint, ClusterTls? tls) => endpoint.Https switch
    {
        false => endpoint,
        true when tls is not null => endpoint with { Certificate = tls.Certificate },
        true => throw new ArgumentException("--command-tls: needs --tls-dir, whose certificate the endpoint serves"),
    };

    private static string? CheckGpus(string? value) =>
        value is null or "auto" or "none" || (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 1)
            ? value
            : throw new ArgumentException($"--gpus: expected auto, none or a positive count, got '{value}'");

    internal static bool Flag(string value, string name) => value.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" or "" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new ArgumentException($"{name}: expected 1/true or 0/false, got '{value}'"),
    };

    private static TimeSpan? Seconds(string? value, string name, int min) =>
        Int(value, name, min, 3600) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    internal static List<string>? List(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>A duration such as <c>90s</c>, <c>12h</c> or <c>30d</c> (see the spec's durations).</summary>
    internal static TimeSpan? Duration(string? value, string name) =>
        value is null ? null
        : DurationFormat.TryParse(value, out var duration) && duration > TimeSpan.Zero ? duration
        : throw new ArgumentException($"{name}: expected a duration such as 90s, 12h or 30d, got '{value}'");

    internal static int? Int(string? value, string name, int min, int max)
    {
        if (value is null) return null;
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            throw new ArgumentException($"{name}: expected a whole number from {min} to {max}, got '{value}'");
        return n;
    }
}
