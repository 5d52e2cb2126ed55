using System.Diagnostics;
using System.Globalization;

namespace ModelOpt.Training.Devices;

/// <summary>
/// The fallback where NVML cannot be loaded but <c>nvidia-smi</c> runs: the same readings from its CSV queries. Each
/// sample starts a process (tens of milliseconds), so callers sample off their hot paths.
/// </summary>
public static class NvidiaSmi
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static IReadOnlyList<GpuSample>? Sample() =>
        Query("--query-gpu=pci.bus_id,name,utilization.gpu,memory.used,memory.total") is { } text ? ParseGpus(text) : null;

    public static IReadOnlyList<GpuProcessMemory> Processes() =>
        Query("--query-compute-apps=gpu_bus_id,pid,used_memory") is { } text ? ParseProcesses(text) : [];

    /// <summary>Rows of <c>bus id, name, utilization %, used MiB, total MiB</c>; a row it cannot read is skipped.</summary>
    public static IReadOnlyList<GpuSample> ParseGpus(string csv)
    {
        var samples = new List<GpuSample>();
        foreach (var fields in Rows(csv))
        {
            if (fields.Length < 5 || Number(fields[3]) is not { } used || Number(fields[4]) is not { } total) continue;
            samples.Add(new GpuSample(GpuSample.NormalizeBusId(fields[0]), fields[1], Number(fields[2]) is { } u ? (int)u : null, (long)(used * Mebibyte), (long)(total * Mebibyte)));
        }
        return samples;
    }

    /// <summary>Rows of <c>bus id, pid, used MiB</c>.</summary>
    public static IReadOnlyList<GpuProcessMemory> ParseProcesses(string csv) =>
        [.. Rows(csv).Where(f => f.Length >= 3 && Number(f[1]) is not null && Number(f[2]) is not null)
            .Select(f => new GpuProcessMemory(GpuSample.NormalizeBusId(f[0]), (int)Number(f[1])!.Value, (long)(Number(f[2])!.Value * Mebibyte)))];

    private const double Mebibyte = 1 << 20;

    private static IEnumerable<string[]> Rows(string csv) =>
        csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(',', StringSplitOptions.TrimEntries));

    // "[N/A]", "[Not Supported]" and the like read as missing.
    private static double? Number(string field) =>
        double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string? Query(string query)
    {
        try
        {
            var info = new ProcessStartInfo("nvidia-smi", [query, "--format=csv,noheader,nounits"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var process = Process.Start(info);
            if (process is null) return null;
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            return process.ExitCode == 0 ? output.GetAwaiter().GetResult() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }
}
