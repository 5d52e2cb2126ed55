namespace ModelOpt.Cluster.Searches;

/// <summary>How many of a search's trials are in each phase.</summary>
public sealed record TrialCounts(int Pending, int Running, int Completed, int Stopped, int Failed)
{
    public static readonly TrialCounts None = new(0, 0, 0, 0, 0);

    public int Total => Pending + Running + Completed + Stopped + Failed;

    /// <summary>Trials that ended: completed, stopped or failed.</summary>
    public int Done => Completed + Stopped + Failed;

    public int Of(TrialPhase phase) => phase switch
    {
        TrialPhase.Pending => Pending,
        TrialPhase.Running => Running,
        TrialPhase.Completed => Completed,
        TrialPhase.Stopped => Stopped,
        _ => Failed,
    };

    public TrialCounts Add(TrialPhase phase, int n) => phase switch
    {
        TrialPhase.Pending => this with { Pending = Pending + n },
        TrialPhase.Running => this with { Running = Running + n },
        TrialPhase.Completed => this with { Completed = Completed + n },
        TrialPhase.Stopped => this with { Stopped = Stopped + n },
        _ => this with { Failed = Failed + n },
    };
}
