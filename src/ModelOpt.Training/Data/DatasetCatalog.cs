using ModelOpt.Search;

namespace ModelOpt.Training.Data;

/// <summary>
/// Turns the data options of a workload (<c>dataset: mnist | idx | csv | synthetic</c>, paths, split sizes, limit)
/// into a loaded <see cref="RawDataset"/> and its train/validation/test or k-fold splits. Option problems are
/// recorded on the <see cref="AlgorithmOptions"/> with their paths, so a bad spec is rejected before any trial runs.
/// </summary>
public static class DatasetCatalog
{
    public static DatasetOptions ReadOptions(AlgorithmOptions options)
    {
        var kindName = options.String("dataset", "mnist", "mnist", "idx", "csv", "synthetic");
        var kind = Enum.Parse<DatasetKind>(kindName, ignoreCase: true);
        string? images = null, labels = null, csv = null;
        var path = options.OptionalString("path");
        switch (kind)
        {
            case DatasetKind.Mnist:
                var directory = path ?? DataLocator.FindShippedMnist();
                if (directory is null) options.AddError("path", $"the shipped MNIST subset (data/mnist) was not found above {AppContext.BaseDirectory}; give the directory of an MNIST download");
                else if (DataLocator.FindIdxPair(directory) is { } pair) (images, labels) = pair;
                else options.AddError("path", $"'{directory}' holds no MNIST images/labels files ({DataLocator.MnistImages} or train-images-idx3-ubyte[.gz])");
                break;
            case DatasetKind.Idx:
                images = options.OptionalString("images");
                labels = options.OptionalString("labels");
                if (path is not null && images is null && labels is null && DataLocator.FindIdxPair(path) is { } found) (images, labels) = found;
                if (images is null || labels is null) options.AddError("images", "dataset idx needs 'images' and 'labels' files (or 'path', a directory holding them)");
                break;
            case DatasetKind.Csv:
                csv = path;
                if (csv is null) options.AddError("path", "dataset csv needs 'path', the CSV file");
                break;
        }
        foreach (var (key, file) in new[] { ("images", images), ("labels", labels), ("path", csv) })
            if (file is not null && !File.Exists(file)) options.AddError(key, $"file '{file}' not found");

        var labelColumn = kind == DatasetKind.Csv ? options.String("labelColumn", "label") : "label";
        var featureColumns = kind == DatasetKind.Csv ? options.List("features")?.Select(f => f?.ToString() ?? "").ToList() : null;
        var synthetic = kind == DatasetKind.Synthetic ? options.String("synthetic", "blobs", "blobs", "images") : "blobs";
        var samples = kind == DatasetKind.Synthetic ? options.Int("samples", 600, 10) : 0;
        var features = kind == DatasetKind.Synthetic ? options.Int("features", 8, 1) : 0;
        var classes = kind == DatasetKind.Synthetic ? options.Int("classes", 3, 2) : 0;
        var imageSize = kind == DatasetKind.Synthetic ? options.Int("imageSize", 12, 4, 256) : 0;
        var limit = options.Has("limit") ? options.Int("limit", 0, 1) : (int?)null;

        var validationFraction = options.Double("validationFraction", 0.2, 0, 1);
        var testFraction = options.Double("testFraction", 0, 0, 1);
        var sizes = new SplitSizes(
            options.Double("trainFraction", Math.Max(0, 1 - validationFraction - testFraction), 0, 1),
            validationFraction,
            testFraction,
            options.Has("trainCount") ? options.Int("trainCount", 0, 1) : null,
            options.Has("validationCount") ? options.Int("validationCount", 0, 1) : null,
            options.Has("testCount") ? options.Int("testCount", 0, 0) : null);
        if (sizes.TrainFraction + sizes.ValidationFraction + sizes.TestFraction > 1 + 1e-9)
            options.AddError("trainFraction", "trainFraction + validationFraction + testFraction must not exceed 1");
        var splitSeed = (ulong)options.Int("splitSeed", 0, 0);
        var selection = ClassSelection.Read(options);

        return new DatasetOptions(kind, images, labels, csv, labelColumn, featureColumns, synthetic, samples, features, classes, imageSize, limit, sizes, splitSeed, selection);
    }

    public static RawDataset Load(DatasetOptions options)
    {
        var data = options.Kind switch
        {
            DatasetKind.Mnist => IdxDatasetLoader.Load("mnist", options.Images!, options.Labels!),
            DatasetKind.Idx => IdxDatasetLoader.Load(Path.GetFileName(options.Images!), options.Images!, options.Labels!),
            DatasetKind.Csv => CsvDatasetLoader.Load(options.CsvPath!, options.LabelColumn, options.FeatureColumns),
            _ => options.Synthetic == "images"
                ? SyntheticDatasets.Images(options.SyntheticSamples, options.SyntheticImageSize, options.SyntheticClasses, options.SplitSeed)
                : SyntheticDatasets.Blobs(options.SyntheticSamples, options.SyntheticFeatures, options.SyntheticClasses, options.SplitSeed),
        };
        var limited = data.Take(options.Limit);
        return options.Selection?.Apply(limited) ?? limited;
    }

    /// <summary>The holdout split as tensors (the caller disposes them).</summary>
    public static DataSplits Holdout(RawDataset data, DatasetOptions options)
    {
        var split = DataSplitter.Split(data.Labels, options.Sizes, options.SplitSeed);
        var train = options.Selection?.CapTraining(split.Train, data.Labels) ?? split.Train;
        return ToSplits(data, train, split.Validation, split.Test);
    }

    /// <summary>
    /// k-fold splits: the test rows (if any) are set aside first, then the rest is cut into <paramref name="folds"/>
    /// folds; every fold's splits share that test set.
    /// </summary>
    public static IReadOnlyList<(Fold Fold, int[] Test)> KFolds(RawDataset data, DatasetOptions options, int folds)
    {
        var order = DataSplitter.StratifiedOrder(data.Labels, options.SplitSeed);
        var test = options.Sizes.TestCount ?? (int)Math.Round(data.Count * options.Sizes.TestFraction);
        var testRows = order[..test];
        var pool = order[test..];
        var poolLabels = pool.Select(i => data.Labels[i]).ToArray();
        return KFold.Split(poolLabels, folds, options.SplitSeed)
            .Select(f => (new Fold(f.Index, CapTraining(options, f.Train.Select(i => pool[i]).ToArray(), data.Labels), f.Validation.Select(i => pool[i]).ToArray()), testRows))
            .ToList();
    }

    private static int[] CapTraining(DatasetOptions options, int[] train, long[] labels) =>
        options.Selection?.CapTraining(train, labels) ?? train;

    public static DataSplits ToSplits(RawDataset data, int[] train, int[] validation, int[] test) =>
        new(data.ToTensors($"{data.Name}/train", train),
            data.ToTensors($"{data.Name}/validation", validation),
            test.Length > 0 ? data.ToTensors($"{data.Name}/test", test) : null);
}
