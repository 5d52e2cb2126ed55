namespace ModelOpt.Client.Models;

/// <summary>
/// The GPU a worker slot trains on, as its worker last sampled it (NVML or nvidia-smi, every 2 seconds):
/// <paramref name="Device"/> is the torch device (<c>cuda:0</c>), <paramref name="UtilizationPercent"/> the share of the
/// last sample period a kernel ran (null where the driver does not say), memory in bytes across every process on the
/// GPU, and <paramref name="Trials"/> the trials its worker runs on it.
/// </summary>
public sealed record GpuInfo(string Device, string Name, int? UtilizationPercent, long MemoryUsedBytes, long MemoryTotalBytes, int Trials);
