using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchCancelled"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchCancelledJsonConverter() : ReasonAndTimeJsonConverter<SearchCancelled>("CancelledAt")
{
    protected override SearchCancelled Create(string reason, DateTimeOffset at) => new(reason, at);

    protected override string Reason(SearchCancelled value) => value.Reason;

    protected override DateTimeOffset Time(SearchCancelled value) => value.CancelledAt;
}
