using System.Globalization;
using ModelOpt.Search;

namespace ModelOpt.Training.Data;

/// <summary>Seeded classification data for fast tests and demos, learnable in a few hundred steps.</summary>
public static class SyntheticDatasets
{
    /// <summary>Gaussian blobs: one random centre per class in <paramref name="features"/> dimensions, unit-variance points around it.</summary>
    public static RawDataset Blobs(int count, int features, int classes, ulong seed, double separation = 3.0)
    {
        var random = new DeterministicRandom(seed);
        var centres = new double[classes, features];
        for (var c = 0; c < classes; c++)
            for (var f = 0; f < features; f++)
                centres[c, f] = random.Normal(0, separation);
        var values = new float[count * features];
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            var c = i % classes;
            labels[i] = c;
            for (var f = 0; f < features; f++) values[i * features + f] = (float)random.Normal(centres[c, f], 1);
        }
        return new RawDataset("blobs", values, [features], labels, ClassNames(classes));
    }

    /// <summary>
    /// Square grey images (raw 0..255, like IDX pixels) in which class c shows a bright bar at a class-specific row
    /// (even c: horizontal, odd c: vertical), jittered by a pixel and covered in noise.
    /// </summary>
    public static RawDataset Images(int count, int side, int classes, ulong seed)
    {
        var random = new DeterministicRandom(seed);
        var size = side * side;
        var values = new float[count * size];
        var labels = new long[count];
        for (var i = 0; i < count; i++)
        {
            var c = i % classes;
            labels[i] = c;
            var line = Math.Clamp(2 + c / 2 * Math.Max(1, (side - 4) / Math.Max(1, (classes + 1) / 2)) + random.NextInt(3) - 1, 0, side - 1);
            for (var y = 0; y < side; y++)
                for (var x = 0; x < side; x++)
                {
                    var onBar = c % 2 == 0 ? y == line : x == line;
                    values[i * size + y * side + x] = (float)Math.Clamp((onBar ? 200 : 20) + random.Normal(0, 30), 0, 255);
                }
        }
        return new RawDataset("synthetic-images", values, [1, side, side], labels, ClassNames(classes));
    }

    private static List<string> ClassNames(int classes) =>
        Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToList();
}
