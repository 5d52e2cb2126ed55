using ModelOpt.Cluster.Searches;

namespace ModelOpt.Cluster.Serialization.Journal;

/// <summary><see cref="SearchFinished"/> field by field (see <see cref="JournalConverters"/>).</summary>
internal sealed class SearchFinishedJsonConverter() : ReasonAndTimeJsonConverter<SearchFinished>("FinishedAt")
{
    protected override SearchFinished Create(string reason, DateTimeOffset at) => new(reason, at);

    protected override string Reason(SearchFinished value) => value.Reason;

    protected override DateTimeOffset Time(SearchFinished value) => value.FinishedAt;
}
