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
/// shape; null where there is no search with the id. Specs are checked with the host's <see cref="SearchCatalog"/>.
/// </summary>
public sealed class SearchCommands(IRequiredActor<SearchRegionKey> searches, IRequiredActor<SearchIndexKey> index, SearchCatalog catalog)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Validates and starts a search. <paramref name="searchId"/>: null to derive one from the spec's name.</summary>
    public async Task<SubmitResult> SubmitAsync(string specText, string? searchId = null, CancellationToken cancellationToken = default)
    {
        SearchSpec spec;
        try
        {
            spec = SpecParser.Parse(specText, catalog);
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

    /// <summary>The search's summary with one page of its trials (see <see cref="TrialQuery"/>), or null if there is no such search.</summary>
    public async Task<SearchPage?> GetPageAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) =>
        (await Ask<SearchPageView>(new GetSearchPage(searchId, query), cancellationToken)).Page;

    /// <summary>Every search, oldest first.</summary>
    public async Task<IReadOnlyList<SearchListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        var actor = await index.GetAsync(cancellationToken);
        var listing = await actor.Ask<SearchIndex.Listing>(new SearchIndex.List(), AskTimeout, cancellationToken);
        return listing.Searches;
    }

    public async Task<SearchInfo?> StopAsync(string searchId, CancellationToken cancellationToken = default) =>
        await GetPageAsync(searchId, TrialQuery.Summary, cancellationToken) is null ? null
            : (await Ask<SearchView>(new CancelSearch(searchId, SearchState.CancelledReason), cancellationToken)).Search;

    /// <summary>Wakes a search (recovering it from the journal) and continues it if it was cancelled.</summary>
    public async Task<SearchInfo?> ResumeAsync(string searchId, CancellationToken cancellationToken = default) =>
        await GetPageAsync(searchId, TrialQuery.Summary, cancellationToken) is null ? null
            : (await Ask<SearchView>(new ResumeSearch(searchId), cancellationToken)).Search;

    /// <summary>Compacts an ended search into one snapshot (see <see cref="ArchiveSearch"/>).</summary>
    public Task<SearchCleaned> ArchiveAsync(string searchId, CancellationToken cancellationToken = default) =>
        Ask<SearchCleaned>(new ArchiveSearch(searchId), cancellationToken);

    /// <summary>Deletes an ended search's events, snapshots and listing (see <see cref="DeleteSearch"/>).</summary>
    public Task<SearchCleaned> DeleteAsync(string searchId, CancellationToken cancellationToken = default) =>
        Ask<SearchCleaned>(new DeleteSearch(searchId), cancellationToken);

    /// <summary>The spec text the search was submitted with, or null if there is no such search.</summary>
    public async Task<string?> GetSpecTextAsync(string searchId, CancellationToken cancellationToken = default) =>
        (await Ask<SearchSpecText>(new GetSearchSpec(searchId), cancellationToken)).SpecText;

    /// <summary>Stops one trial (recorded as stopped by the user); null if there is no such search.</summary>
    public async Task<SearchInfo?> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        await GetPageAsync(searchId, TrialQuery.Summary, cancellationToken) is null ? null
            : (await Ask<SearchView>(new StopTrialByUser(searchId, trialId), cancellationToken)).Search;

    private async Task<T> Ask<T>(ISearchMessage message, CancellationToken cancellationToken)
    {
        var region = await searches.GetAsync(cancellationToken);
        return await region.Ask<T>(message, AskTimeout, cancellationToken);
    }
}
