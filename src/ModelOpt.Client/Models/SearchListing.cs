namespace ModelOpt.Client.Models;

/// <summary>One search in a list: what <c>GET /api/v1/searches</c> answers, oldest first.</summary>
public sealed record SearchListing(string SearchId, string Name, SearchStatus Status, DateTimeOffset SubmittedAt);
