using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Commands;

/// <summary>What users can do with searches; the CLI and the HTTP endpoint sit on this.</summary>
public interface ISearchCommands
{
    /// <summary>Validates and starts a search. <paramref name="searchId"/>: null to derive one from the spec's name.</summary>
    Task<SubmitResult> SubmitAsync(string specText, string? searchId = null, CancellationToken cancellationToken = default);

    /// <summary>The search with its trials, or null if there is none with this id.</summary>
    Task<SearchSnapshot?> GetAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>The search's summary with one page of its trials, or null if there is none with this id.</summary>
    Task<SearchSnapshot?> GetPageAsync(string searchId, TrialQuery query, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SearchListing>> ListAsync(CancellationToken cancellationToken = default);

    Task<SearchSnapshot?> StopAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Wakes a search (recovering it from the journal) and continues it if it was cancelled.</summary>
    Task<SearchSnapshot?> ResumeAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>The spec text the search was submitted with, or null if there is no such search.</summary>
    Task<string?> GetSpecTextAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Compacts an ended search into one snapshot (see <see cref="ArchiveSearch"/>).</summary>
    Task<SearchCleaned> ArchiveAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Deletes an ended search's events, snapshots and listing (see <see cref="DeleteSearch"/>).</summary>
    Task<SearchCleaned> DeleteAsync(string searchId, CancellationToken cancellationToken = default);

    /// <summary>Stops one trial (recorded as stopped by the user); null if there is no such search.</summary>
    Task<SearchSnapshot?> StopTrialAsync(string searchId, string trialId, CancellationToken cancellationToken = default);
}
