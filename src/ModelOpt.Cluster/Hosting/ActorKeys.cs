namespace ModelOpt.Cluster.Hosting;

/// <summary>Keys under which the hosting extensions register actors in the <c>ActorRegistry</c>.</summary>
public sealed class SearchRegionKey;

public sealed class TrialDispatcherKey;

public sealed class SearchIndexKey;

public sealed class WorkerNodeKey;
