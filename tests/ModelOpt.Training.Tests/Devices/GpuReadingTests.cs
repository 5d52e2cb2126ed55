using ModelOpt.Training.Devices;
using Xunit;

namespace ModelOpt.Training.Tests.Devices;

/// <summary>GPU telemetry's parsing and matching, and that a machine without a GPU reports nothing instead of failing.</summary>
public sealed class GpuReadingTests
{
    [Fact]
    public void Nvidia_smi_rows_become_samples_and_unreadable_fields_are_missing()
    {
        const string gpus = """
            00000000:3B:00.0, NVIDIA H200, 37, 12288, 143771
            00000000:5E:00.0, NVIDIA H200, [N/A], 1024, 143771
            garbage
            """;
        var samples = NvidiaSmi.ParseGpus(gpus);

        Assert.Equal(2, samples.Count);
        Assert.Equal(new GpuSample("0000:3B:00.0", "NVIDIA H200", 37, 12288L << 20, 143771L << 20), samples[0]);
        Assert.Null(samples[1].UtilizationPercent);
    }

    [Fact]
    public void Nvidia_smi_process_rows_give_each_process_its_memory()
    {
        var processes = NvidiaSmi.ParseProcesses("00000000:3B:00.0, 4242, 1530\n00000000:3B:00.0, [N/A], 10\n");
        Assert.Equal(new GpuProcessMemory("0000:3B:00.0", 4242, 1530L << 20), Assert.Single(processes));
    }

    [Theory]
    [InlineData("00000000:3b:00.0", "0000:3B:00.0")]
    [InlineData("0000:3B:00.0", "0000:3B:00.0")]
    [InlineData("00000001:01:00.0", "0001:01:00.0")]
    public void Bus_ids_from_nvml_the_driver_and_nvidia_smi_compare_equal(string busId, string normalized) =>
        Assert.Equal(normalized, GpuSample.NormalizeBusId(busId));

    [Fact]
    public void A_memory_cap_is_the_allocator_fraction_beside_the_users_own_settings()
    {
        Assert.Equal("per_process_memory_fraction:0.25", AllocatorConfig.WithMemoryCap(null, 4L << 30, 16L << 30));
        Assert.Equal("expandable_segments:True,per_process_memory_fraction:0.5",
            AllocatorConfig.WithMemoryCap("expandable_segments:True, per_process_memory_fraction:0.9", 8L << 30, 16L << 30));
        Assert.Equal("per_process_memory_fraction:1", AllocatorConfig.WithMemoryCap(null, 64L << 30, 16L << 30));
    }

    [Fact]
    public void Without_a_gpu_there_is_nothing_to_read_and_nothing_fails()
    {
        Assert.Null(GpuMonitor.Open(0));
        if (CudaDevices.Count() > 0) return;
        Assert.Null(CudaDriver.ComputeCapability(0));
        Assert.Null(CudaDriver.TotalMemoryBytes(0));
        var e = Assert.Throws<ModelOpt.Search.Workloads.TrialFailedException>(() => AllocatorConfig.ForCap(null, 1L << 30, "cuda:0"));
        Assert.Equal(ModelOpt.Search.Workloads.FailureKind.BadConfig, e.Kind);
        Assert.Contains("trial.gpuMemory", e.Message);
    }
}
