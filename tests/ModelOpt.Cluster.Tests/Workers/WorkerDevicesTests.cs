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

    [Fact]
    public void Several_trials_can_share_a_gpu_and_train_on_its_torch_device()
    {
        Assert.Equal(["cuda:0#0", "cuda:0#1", "cuda:1#0", "cuda:1#1"], WorkerDevices.Resolve(1, "auto", () => 2, trialsPerGpu: 2));
        Assert.Equal(["cpu#0", "cpu#1"], WorkerDevices.Resolve(2, "auto", () => 0, trialsPerGpu: 4));
        Assert.StartsWith("--trials-per-gpu:", Assert.Throws<ArgumentException>(() => WorkerDevices.Resolve(1, "auto", () => 1, trialsPerGpu: 0)).Message);
        Assert.Equal("cuda:1", WorkerDevices.TorchDevice("cuda:1#3"));
        Assert.Equal("cuda:0", WorkerDevices.TorchDevice("cuda:0"));
        Assert.Equal("cpu", WorkerDevices.TorchDevice("cpu#2"));
    }
}
