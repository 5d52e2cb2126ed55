using Akka.Actor;
using Akka.Hosting;
using ModelOpt.Client.Models;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;
using ModelOpt.Search.Specs;

namespace ModelOpt.Cluster.Commands;

/// <summary>
/// The searches' side of the cluster, asked through the search shard region and the search index: what the node's
/// command API (<c>ICommandApi</c> in ModelOpt.Client) and in-process hosts call. Answers are in the command API's
/// shape; null where there is no search with the id.
/// </summary>
public sealed class SearchCommands(IRequiredActor<SearchRegionKey> searches, IRequiredActor<SearchIndexKey> index)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Validates and starts a search. <paramref name="searchId"/>: null to derive one from the spec's name.</summary>
    public async Task<SubmitResult> SubmitAsync(string specText, string? searchId = null, CancellationToken cancellationToken = default)
    {
        SearchSpec spec;
        try
        {
            spec = SpecParser.Parse(specText);
        }
        catch (SpecException e)
        {
            return new SubmitResult(searchId ?? "", false, [.. e.Errors.Select(x => x.ToString())]);
        }
        var id = searchId ?? $"{spec.Name}-{Guid.NewGuid().ToString("N")[..8]}";
        return await Ask<SubmitResult>(new SubmitSearch(id, specText), cancellationToken);
    }

    public async Task<SearchInfo?> GetAsync(string searchId, CancellationToken cancellationToken = default) =>
        (await Ask<SearchView>(new GetSearch(searchId), cancellationToken)).Search;

    /// <summary>Every search, oldest first.</summary>
    public async Task<IReadOnlyList<SearchListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        var actor = await index.GetAsync(cancellationToken);
        var listing = await actor.Ask<SearchIndex.Listing>(new SearchIndex.List(), AskTimeout, cancellationToken);
        return listing.Searches;
    }

    public async Task<SearchInfo?> StopAsync(string searchId, CancellationToken cancellationToken = default) =>
        await GetAsync(searchId, cancellationToken) is null ? null
            : (await Ask<SearchView>(new CancelSearch(searchId, SearchState.CancelledReason), cancellationToken)).Search;

    /// <summary>Wakes a search (recovering it from the journal) and continues it if it was cancelled.</summary>
    public async Task<SearchInfo?> ResumeAsync(string searchId, CancellationToken cancellationToken = default) =>
        await GetAsync(searchId, cancellationToken) is null ? null
            : (await Ask<SearchView>(new ResumeSearch(searchId), cancellationToken)).Search;

    /// <summary>The spec text the search was submitted with, or null if there is no such search.</summary>
    public async Task<string?> GetSpecTextAsync(string searchId, CancellationToken cancellationToken = default) =>
        (await Ask<SearchSpecText>(new GetSearchSpec(searchId), cancellationToken)).SpecText;

    /// <summary>Stops one trial (recorded as stopped by the user); null if there is no such search.</summary>
    public async Task<SearchInfo?> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        await GetAsync(searchId, cancellationToken) is null ? null
            : (await Ask<SearchView>(new StopTrialByUser(searchId, trialId), cancellationToken)).Search;

    private async Task<T> Ask<T>(ISearchMessage message, CancellationToken cancellationToken)
    {
        var region = await searches.GetAsync(cancellationToken);
        return await region.Ask<T>(message, AskTimeout, cancellationToken);
    }
}
