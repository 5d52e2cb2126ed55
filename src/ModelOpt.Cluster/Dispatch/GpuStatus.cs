namespace ModelOpt.Cluster.Dispatch;

/// <summary>
/// One GPU of a worker as its last sample saw it (NVML or nvidia-smi): <paramref name="Device"/> is the torch device
/// (<c>cuda:0</c>), <paramref name="UtilizationPercent"/> the share of the last sample period a kernel ran (null where
/// the driver does not say), <paramref name="Trials"/> the attempts the worker runs on it.
/// </summary>
public sealed record GpuStatus(string Device, string Name, int? UtilizationPercent, long MemoryUsedBytes, long MemoryTotalBytes, int Trials) : IModelOptMessage;
