using ModelOpt.Client.Errors;
using ModelOpt.Client.Models;

namespace ModelOpt.Client;

/// <summary>Following a search on any <see cref="ICommandApi"/>.</summary>
public static class SearchWatch
{
    /// <summary>
    /// The search every <paramref name="interval"/> until it is no longer running (that last state included), or until
    /// cancelled; a large search as the pages a live view shows (<see cref="LiveSearchFeed"/>, <see cref="SearchInfo.IsPartial"/>). Transient failures (a node briefly unreachable) are ridden out until <paramref name="patience"/> has
    /// passed without an answer; other failures end the watch with their exception.
    /// </summary>
    public static async IAsyncEnumerable<SearchInfo> WatchSearchAsync(this ICommandApi api, string searchId, TimeSpan interval,
        TimeSpan? patience = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var feed = new LiveSearchFeed(api, searchId);
        var lastAnswer = DateTimeOffset.UtcNow;
        while (true)
        {
            SearchInfo? search = null;
            try
            {
                search = await feed.PollAsync(cancellationToken);
                lastAnswer = DateTimeOffset.UtcNow;
            }
            catch (CommandException e) when (CommandErrorCodes.IsTransient(e.Code) && DateTimeOffset.UtcNow - lastAnswer < (patience ?? TimeSpan.FromSeconds(30)))
            {
            }
            if (search is not null)
            {
                yield return search;
                if (!search.IsRunning) yield break;
            }
            await Task.Delay(interval, cancellationToken);
        }
    }
}
