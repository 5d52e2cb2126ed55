using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

public class ByteSizeFormatTests
{
    [Theory]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("4GiB", 4L << 30)]
    [InlineData("1.5 GiB", 3L << 29)]
    [InlineData("2048KiB", 2L << 20)]
    [InlineData("500MB", 500_000_000)]
    [InlineData("4gb", 4_000_000_000)]
    public void Reads_binary_and_decimal_units(string text, long bytes)
    {
        Assert.True(ByteSizeFormat.TryParse(text, out var read));
        Assert.Equal(bytes, read);
    }

    [Theory]
    [InlineData("4096")]
    [InlineData("4 parsecs")]
    [InlineData("512KiB")]
    [InlineData("-1GiB")]
    [InlineData("GiB")]
    public void Rejects_sizes_without_a_unit_or_under_a_mebibyte(string text) =>
        Assert.False(ByteSizeFormat.TryParse(text, out _));

    [Fact]
    public void The_trial_section_caps_gpu_memory()
    {
        Assert.Equal(3L << 30, SpecText.Parse(SpecText.Branin("trial: {gpuMemory: 3GiB}\n")).Trial.GpuMemoryBytes);
        Assert.Null(SpecText.Parse(SpecText.Branin()).Trial.GpuMemoryBytes);
        var error = SpecText.Errors(SpecText.Branin("trial: {gpuMemory: 4096}\n")).At("trial.gpuMemory");
        Assert.Contains("such as 512MiB or 4GiB", error.Message);
    }

    [Theory]
    [InlineData(4L << 30, "4GiB")]
    [InlineData(1536L << 20, "1536MiB")]
    public void Formats_what_it_reads(long bytes, string text)
    {
        Assert.Equal(text, ByteSizeFormat.Format(bytes));
        Assert.True(ByteSizeFormat.TryParse(text, out var back));
        Assert.Equal(bytes, back);
    }
}
