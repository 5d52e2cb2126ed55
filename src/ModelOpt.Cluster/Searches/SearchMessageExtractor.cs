using Akka.Cluster.Sharding;

namespace ModelOpt.Cluster.Searches;

/// <summary>Routes <see cref="ISearchMessage"/>s to their search entity by id, over a fixed number of shards.</summary>
public sealed class SearchMessageExtractor() : HashCodeMessageExtractor(MaxShards)
{
    public const int MaxShards = 50;

    public override string? EntityId(object message) => (message as ISearchMessage)?.SearchId;
}
