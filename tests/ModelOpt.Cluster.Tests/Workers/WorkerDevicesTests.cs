using ModelOpt.Cluster.Workers;
using Xunit;

namespace ModelOpt.Cluster.Tests.Workers;

public class WorkerDevicesTests
{
    [Fact]
    public void Auto_offers_one_slot_per_gpu_and_falls_back_to_cpu_slots()
    {
        Assert.Equal(["cuda:0", "cuda:1"], WorkerDevices.Resolve(4, "auto", () => 2));
        Assert.Equal(["cpu#0", "cpu#1", "cpu#2"], WorkerDevices.Resolve(3, "auto", () => 0));
    }

    [Fact]
    public void None_ignores_gpus_and_a_count_must_exist()
    {
        Assert.Equal(["cpu#0"], WorkerDevices.Resolve(1, "none", () => 8));
        Assert.Equal(["cuda:0"], WorkerDevices.Resolve(1, "1", () => 2));
        Assert.Contains("libtorch sees 0", Assert.Throws<ArgumentException>(() => WorkerDevices.Resolve(1, "2", () => 0)).Message);
        Assert.StartsWith("--gpus:", Assert.Throws<ArgumentException>(() => WorkerDevices.Resolve(1, "many", () => 0)).Message);
        Assert.StartsWith("--slots:", Assert.Throws<ArgumentException>(() => WorkerDevices.Resolve(0, "none", () => 0)).Message);
    }
}
