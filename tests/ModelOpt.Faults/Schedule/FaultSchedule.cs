using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelOpt.Faults.Schedule;

/// <summary>
/// A fault schedule as data: printable (<see cref="ToJson"/>), replayable (<see cref="Parse"/>), and for the soak drawn
/// from a seed (<see cref="Random"/>), so a failing run is rerun with exactly its faults.
/// </summary>
public sealed record FaultSchedule(int Seed, IReadOnlyList<Fault> Faults)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Converters = { new JsonStringEnumConverter() },
    };

    public TimeSpan Length => Faults.Count == 0 ? TimeSpan.Zero : Faults.Max(f => f.At);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static FaultSchedule Parse(string json) =>
        JsonSerializer.Deserialize<FaultSchedule>(json, Json) ?? throw new JsonException("an empty fault schedule");

    /// <summary>
    /// Faults for <paramref name="duration"/>, one disruption at a time, each repaired before the next: kill -9 of a
    /// node and its restart after a few seconds, a partition (one node cut off, or the nodes split in two) and its heal,
    /// a spell of latency, a spell of packet loss. Quiet gaps between them let the cluster recover, which is measured.
    /// </summary>
    public static FaultSchedule Random(int seed, IReadOnlyList<string> nodes, TimeSpan duration, RandomScheduleOptions? options = null)
    {
        options ??= new RandomScheduleOptions();
        if (nodes.Count < 2) throw new ArgumentException("a schedule needs at least two nodes", nameof(nodes));
        var random = new Random(seed);
        var faults = new List<Fault>();
        TimeSpan Seconds(double low, double high) => TimeSpan.FromSeconds(Math.Round(low + random.NextDouble() * (high - low), 1));
        var at = Seconds(options.QuietLow, options.QuietHigh);
        while (true)
        {
            var kind = random.Next(options.Kinds);
            var lasts = kind switch
            {
                0 => Seconds(options.DownLow, options.DownHigh),
                _ => Seconds(options.SpellLow, options.SpellHigh),
            };
            if (at + lasts > duration) break;
            switch (kind)
            {
                case 0:
                    var victim = nodes[random.Next(nodes.Count)];
                    faults.Add(new Kill(at, victim));
                    faults.Add(new Restart(at + lasts, victim));
                    break;
                case 1:
                    var shuffled = nodes.OrderBy(_ => random.Next()).ToList();
                    var cut = random.Next(2) == 0 ? 1 : random.Next(1, nodes.Count);
                    faults.Add(new Partition(at, shuffled[..cut], shuffled[cut..]));
                    faults.Add(new Heal(at + lasts));
                    break;
                case 2:
                    faults.Add(new Latency(at, random.Next(options.LatencyLowMs, options.LatencyHighMs + 1)));
                    faults.Add(new Latency(at + lasts, 0));
                    break;
                default:
                    faults.Add(new Loss(at, random.Next(1, options.LossHighPercent + 1)));
                    faults.Add(new Loss(at + lasts, 0));
                    break;
            }
            at += lasts + Seconds(options.QuietLow, options.QuietHigh);
        }
        return new FaultSchedule(seed, faults);
    }
}

/// <summary>Ranges a random schedule draws from (seconds unless named otherwise); <see cref="Kinds"/> 1 means kills only, 2 adds partitions, 3 latency, 4 loss.</summary>
public sealed record RandomScheduleOptions
{
    // Quiet gaps longer than a typical recovery (a downed side rejoining takes 5-20 s), so that faults rarely pile up
    // and each recovery is measured on its own; overlapping faults still happen now and then.
    public double QuietLow { get; init; } = 12;
    public double QuietHigh { get; init; } = 25;
    public double DownLow { get; init; } = 1;
    public double DownHigh { get; init; } = 6;
    public double SpellLow { get; init; } = 4;
    public double SpellHigh { get; init; } = 20;
    public int LatencyLowMs { get; init; } = 50;
    public int LatencyHighMs { get; init; } = 200;
    public int LossHighPercent { get; init; } = 5;
    public int Kinds { get; init; } = 4;
}
