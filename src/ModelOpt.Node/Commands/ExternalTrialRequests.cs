namespace ModelOpt.Node.Commands;

/// <summary>
/// <c>POST …/searches/{id}/ask</c>. <paramref name="Client"/>: a name for the asking program, shown as the trial's node
/// (default <c>client</c>). <paramref name="RequestId"/>: makes a retried ask return the trial the first one got.
/// <paramref name="WaitSeconds"/>: how long to wait for a trial when none is free (0 to 20).
/// </summary>
public sealed record AskRequest(string? Client = null, string? RequestId = null, double WaitSeconds = 0);

/// <summary><c>POST …/trials/{trial}/report</c>: one epoch's metrics from the client holding <paramref name="Attempt"/>.</summary>
public sealed record ReportRequest(int Attempt, int Epoch, IReadOnlyDictionary<string, double>? Metrics, double Seconds = 0);

/// <summary><c>POST …/trials/{trial}/heartbeat</c>: the client holding <paramref name="Attempt"/> is alive.</summary>
public sealed record HeartbeatRequest(int Attempt);

/// <summary>
/// <c>POST …/trials/{trial}/tell</c>: the attempt ends, completed with <paramref name="Metrics"/>, or failed with
/// <paramref name="Failure"/> (a reason; the trial is not retried).
/// </summary>
public sealed record TellRequest(int Attempt, IReadOnlyDictionary<string, double>? Metrics = null, string? Failure = null);
