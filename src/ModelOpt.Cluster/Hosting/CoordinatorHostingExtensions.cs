using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using ModelOpt.Cluster.Dispatch;
using ModelOpt.Cluster.Searches;
using ModelOpt.Search;

namespace ModelOpt.Cluster.Hosting;

public static class CoordinatorHostingExtensions
{
    public const string CoordinatorRole = "coordinator";
    public const string WorkerRole = "worker";
    private const string SearchRegionName = "search";
    private const string DispatcherName = "trial-dispatcher";
    private const string IndexName = "search-index";

    /// <summary>
    /// The coordinator role: the search shard region (remembered entities in the journal, so unfinished searches come
    /// back after a restart), the dispatcher and index singletons, and proxies to both. A search saves a snapshot every
    /// <paramref name="snapshotEvery"/> events (0: never); ended searches are archived or deleted as <paramref name="retention"/> says;
    /// <paramref name="startBeforeStored"/>: a trial's start goes out while its journal write is in flight.
    /// Searches read their specs and build their algorithms with <paramref name="catalog"/>.
    /// </summary>
    public static AkkaConfigurationBuilder WithModelOptCoordinator(this AkkaConfigurationBuilder builder, SearchCatalog catalog, int snapshotEvery = SearchEntity.DefaultSnapshotEvery,
        RetentionOptions? retention = null, bool startBeforeStored = true) => builder
        .AddHocon(Rebalancing, HoconAddMode.Prepend)
        .WithShardRegion<SearchRegionKey>(SearchRegionName,
            (_, registry, _) => id => SearchEntity.Props(id, catalog, registry.Get<TrialDispatcherKey>(), registry.Get<SearchIndexKey>(), snapshotEvery, startBeforeStored),
            new SearchMessageExtractor(),
            new ShardOptions
            {
                Role = CoordinatorRole,
                RememberEntities = true,
                RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
                StateStoreMode = StateStoreMode.Persistence,
                ShouldPassivateIdleEntities = false,
            })
        .WithSingleton<TrialDispatcherKey>(DispatcherName,
            (_, registry, _) => TrialDispatcher.Props(registry.Get<SearchRegionKey>()),
            new ClusterSingletonOptions { Role = CoordinatorRole }, createProxyToo: true)
        .WithSingleton<SearchIndexKey>(IndexName,
            (_, registry, _) => SearchIndex.Props(registry.Get<SearchRegionKey>(), retention),
            new ClusterSingletonOptions { Role = CoordinatorRole }, createProxyToo: true);

    /// <summary>
    /// How shards move to a coordinator that joins: Akka's defaults look every 10 s and move one shard at a time, so a
    /// third coordinator would take two minutes to get its share of 50 shards. Here the shard coordinator looks every
    /// 2 s (a look at a balanced cluster costs nothing) and moves at most a tenth of the shards per round (up to 5):
    /// each moved search restarts from the journal and requeues the attempts it was running, so the work lost to a
    /// join stays small at any moment while the newcomer gets its share within about 10 s.
    /// HOCON because Akka.Hosting's <c>ShardOptions</c> has no setting for the rebalance tuning.
    /// </summary>
    private const string Rebalancing = """
        akka.cluster.sharding.rebalance-interval = 2s
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 5
        akka.cluster.sharding.least-shard-allocation-strategy.rebalance-relative-limit = 0.1
        """;

    /// <summary>For nodes without the coordinator role: proxies to the search region and the singletons.</summary>
    public static AkkaConfigurationBuilder WithModelOptCoordinatorProxies(this AkkaConfigurationBuilder builder) => builder
        .WithShardRegionProxy<SearchRegionKey>(SearchRegionName, CoordinatorRole, new SearchMessageExtractor())
        .WithSingletonProxy<TrialDispatcherKey>(DispatcherName, new ClusterSingletonOptions { Role = CoordinatorRole })
        .WithSingletonProxy<SearchIndexKey>(IndexName, new ClusterSingletonOptions { Role = CoordinatorRole });
}
