using ModelOpt.Cli.Output;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Output;

/// <summary><c>mopt worker list</c>: GPU slots show their GPU's utilization, memory and trials; CPU-only clusters keep four columns.</summary>
public sealed class WorkerTableTests
{
    [Fact]
    public void Gpu_slots_show_utilization_memory_and_the_trials_sharing_the_gpu()
    {
        var gpu = new GpuInfo("cuda:0", "NVIDIA H200", 37, 12L << 30, 140L << 30, 8);
        WorkerSlot[] slots =
        [
            new("akka.tcp://modelopt@10.0.0.7:4053", "cuda:0#0", SlotStatus.Running, false, "s1", "t0003") { Gpu = gpu },
            new("akka.tcp://modelopt@10.0.0.7:4053", "cuda:0#1", SlotStatus.Free, false, null, null) { Gpu = gpu },
            new("akka.tcp://modelopt@10.0.0.8:4053", "cpu#0", SlotStatus.Free, false, null, null),
        ];
        var text = Render(slots);

        Assert.Contains("GPU", text);
        Assert.Equal(2, text.Split('\n').Count(line => line.Contains("37% · 12.0/140.0 GiB · 8 trials")));
        Assert.Contains("cpu#0", text);
    }

    [Fact]
    public void A_gpu_slot_in_json_follows_the_workers_schema()
    {
        WorkerSlot[] slots =
        [
            new("akka.tcp://modelopt@10.0.0.7:4053", "cuda:0#0", SlotStatus.Running, false, "s1", "t0003")
            {
                Gpu = new GpuInfo("cuda:0", "NVIDIA H200", 37, 12L << 30, 140L << 30, 8),
            },
            new("akka.tcp://modelopt@10.0.0.7:4053", "cuda:1", SlotStatus.Free, false, null, null) { Gpu = new GpuInfo("cuda:1", "NVIDIA H200", null, 1L << 30, 140L << 30, 0) },
        ];
        var json = System.Text.Json.JsonSerializer.Serialize(slots, CommandJson.Responses);

        Schemas.AssertValid("workers", json);
        Assert.Contains("\"gpu\":{\"device\":\"cuda:0\",\"name\":\"NVIDIA H200\",\"utilizationPercent\":37", json);
    }

    [Fact]
    public void Cpu_only_workers_have_no_gpu_column()
    {
        var text = Render([new WorkerSlot("akka.tcp://modelopt@10.0.0.8:4053", "cpu#0", SlotStatus.Free, false, null, null)]);
        Assert.DoesNotContain("GPU", text);
    }

    [Fact]
    public void An_unknown_utilization_reads_as_a_question_mark() =>
        Assert.Equal("?% · 1.0/80.0 GiB · 1 trial", Tables.Gpu(new GpuInfo("cuda:1", "NVIDIA H100", null, 1L << 30, 80L << 30, 1)));

    private static string Render(IReadOnlyList<WorkerSlot> slots)
    {
        var writer = new StringWriter();
        TestConsoles.Plain(writer, width: 140).Write(Tables.Workers(slots));
        return writer.ToString();
    }
}
