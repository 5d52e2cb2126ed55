using Akka.Actor;
using Akka.Hosting;
using ModelOpt.Cluster.Hosting;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;
using ModelOpt.Search.Specs;

namespace ModelOpt.Cluster.Commands;

/// <summary><see cref="ISearchCommands"/> by asking the search shard region and the search index.</summary>
public sealed class SearchCommands(IRequiredActor<SearchRegionKey> searches, IRequiredActor<SearchIndexKey> index) : ISearchCommands
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

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

    public async Task<SearchSnapshot?> GetAsync(string searchId, CancellationToken cancellationToken = default) =>
        Found(await Ask<SearchSnapshot>(new GetSearch(searchId), cancellationToken));

    public async Task<SearchSnapshot?> GetPageAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default) =>
        Found(await Ask<SearchSnapshot>(new GetSearchPage(searchId, query), cancellationToken));

    public async Task<IReadOnlyList<SearchListing>> ListAsync(CancellationToken cancellationToken = default)
    {
        var actor = await index.GetAsync(cancellationToken);
        var listing = await actor.Ask<SearchIndex.Listing>(new SearchIndex.List(), AskTimeout, cancellationToken);
        return listing.Searches;
    }

    public async Task<SearchSnapshot?> StopAsync(string searchId, CancellationToken cancellationToken = default) =>
        await GetPageAsync(searchId, TrialQuery.Summary, cancellationToken) is null ? null
            : Found(await Ask<SearchSnapshot>(new CancelSearch(searchId, SearchState.CancelledReason), cancellationToken));

    public async Task<SearchSnapshot?> ResumeAsync(string searchId, CancellationToken cancellationToken = default) =>
        await GetPageAsync(searchId, TrialQuery.Summary, cancellationToken) is null ? null
            : Found(await Ask<SearchSnapshot>(new ResumeSearch(searchId), cancellationToken));

    public Task<SearchCleaned> ArchiveAsync(string searchId, CancellationToken cancellationToken = default) =>
        Ask<SearchCleaned>(new ArchiveSearch(searchId), cancellationToken);

    public Task<SearchCleaned> DeleteAsync(string searchId, CancellationToken cancellationToken = default) =>
        Ask<SearchCleaned>(new DeleteSearch(searchId), cancellationToken);

    public async Task<string?> GetSpecTextAsync(string searchId, CancellationToken cancellationToken = default) =>
        (await Ask<SearchSpecText>(new GetSearchSpec(searchId), cancellationToken)).SpecText;

    public async Task<SearchSnapshot?> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default) =>
        await GetPageAsync(searchId, TrialQuery.Summary, cancellationToken) is null ? null
            : Found(await Ask<SearchSnapshot>(new StopTrialByUser(searchId, trialId), cancellationToken));

    private static SearchSnapshot? Found(SearchSnapshot snapshot) => snapshot.Status == SearchStatus.Empty ? null : snapshot;

    private async Task<T> Ask<T>(ISearchMessage message, CancellationToken cancellationToken)
    {
        var region = await searches.GetAsync(cancellationToken);
        return await region.Ask<T>(message, AskTimeout, cancellationToken);
    }
}
