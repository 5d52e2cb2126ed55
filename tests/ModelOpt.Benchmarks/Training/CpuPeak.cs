using System.Globalization;

namespace ModelOpt.Benchmarks.Training;

/// <summary>
/// An estimate of this machine's FP32 peak: cores × clock × FLOPs per cycle, where FLOPs per cycle assumes two FMA
/// units per core (2 × 2 × vector lanes: 64 with AVX-512, 32 with AVX2+FMA, 16 with AVX, 8 otherwise). The clock is
/// /proc/cpuinfo's "cpu MHz" (base or current clock, not turbo), so the estimate is rough either way.
/// </summary>
public sealed record CpuPeak(string Model, int Cores, double GHz, int FlopsPerCycle, string Assumption)
{
    public double GflopsPerCore => GHz * FlopsPerCycle;
    public double Gflops(int cores) => Math.Min(cores, Cores) * GflopsPerCore;

    public static CpuPeak Detect()
    {
        var lines = File.Exists("/proc/cpuinfo") ? File.ReadAllLines("/proc/cpuinfo") : [];
        string Field(string name) => lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "";
        var flags = Field("flags").Split(' ').ToHashSet(StringComparer.Ordinal);
        var mhz = double.TryParse(Field("cpu MHz"), NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : 0;
        var (perCycle, isa) = flags.Contains("avx512f") ? (64, "AVX-512") : flags.Contains("avx2") && flags.Contains("fma") ? (32, "AVX2+FMA") : flags.Contains("avx") ? (16, "AVX") : (8, "SSE");
        return new CpuPeak(Field("model name"), Environment.ProcessorCount, mhz / 1000, perCycle,
            $"{isa}: 2 FMA units x {perCycle / 4} FP32 lanes x 2 FLOPs = {perCycle} FLOPs/cycle/core at the /proc/cpuinfo clock");
    }
}
