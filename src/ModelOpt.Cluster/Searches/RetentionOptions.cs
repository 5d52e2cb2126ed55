namespace ModelOpt.Cluster.Searches;

/// <summary>
/// How long ended searches keep their journal: archived (compacted into one snapshot) <paramref name="ArchiveAfter"/>
/// they ended, deleted <paramref name="DeleteAfter"/> they ended; null keeps them as they are.
/// </summary>
public sealed record RetentionOptions(TimeSpan? ArchiveAfter, TimeSpan? DeleteAfter)
{
    public static readonly RetentionOptions KeepAll = new(null, null);

    public bool IsKeepAll => ArchiveAfter is null && DeleteAfter is null;

    /// <summary>How often the search index looks for searches past their retention.</summary>
    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromMinutes(1);
}
