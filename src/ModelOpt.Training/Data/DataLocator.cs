namespace ModelOpt.Training.Data;

/// <summary>
/// Finds the MNIST subset the repository ships (<c>data/mnist</c>): beside the application (the build copies it
/// there) or in a parent of the application or working directory (running from a source checkout).
/// </summary>
public static class DataLocator
{
    public const string MnistImages = "images-idx3-ubyte.gz";
    public const string MnistLabels = "labels-idx1-ubyte.gz";

    public static string? FindShippedMnist()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", "mnist");
                if (File.Exists(Path.Combine(candidate, MnistImages)) && File.Exists(Path.Combine(candidate, MnistLabels)))
                    return candidate;
            }
        return null;
    }

    /// <summary>
    /// The images and labels files of an MNIST-style directory: the shipped names, or the standard download names
    /// (<c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c>).
    /// </summary>
    public static (string Images, string Labels)? FindIdxPair(string directory)
    {
        foreach (var (images, labels) in new[]
                 {
                     (MnistImages, MnistLabels),
                     ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
                     ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                     ("train-images.idx3-ubyte", "train-labels.idx1-ubyte"),
                 })
        {
            var i = Path.Combine(directory, images);
            var l = Path.Combine(directory, labels);
            if (File.Exists(i) && File.Exists(l)) return (i, l);
        }
        return null;
    }
}
