namespace ModelOpt.Client.Models;

/// <summary>
/// One search in a list: what <c>GET /api/v1/searches</c> answers, oldest first. <see cref="EndedAt"/>: when it finished
/// or was cancelled; <see cref="Archived"/>: its journal events were compacted into one snapshot.
/// </summary>
public sealed record SearchListing(string SearchId, string Name, SearchStatus Status, DateTimeOffset SubmittedAt)
{
    public DateTimeOffset? EndedAt { get; init; }

    public bool Archived { get; init; }
}
