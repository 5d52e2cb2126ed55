namespace ModelOpt.Node.Dashboard;

/// <summary>
/// What the dashboard serves: a live cluster (the coordinator's endpoint) or a journal opened read-only by
/// <c>mopt dashboard --journal</c>; <paramref name="Source"/> names the journal for the page.
/// </summary>
public sealed record DashboardOptions(DashboardMode Mode = DashboardMode.Cluster, string? Source = null)
{
    /// <summary>How often a search's page is brought up to date while someone watches it.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a search stays cached after its last viewer left.</summary>
    public TimeSpan IdleAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Learning curves a page is sent whole; a search with more gets a sample of this many, its stop markers and a band.</summary>
    public int MaxCurves { get; init; } = 1000;

    /// <summary>Live streams open at once (each a held connection); further ones are refused until one closes.</summary>
    public int MaxStreams { get; init; } = 256;
}

public enum DashboardMode { Cluster, Journal }
