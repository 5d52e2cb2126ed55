using ModelOpt.Search;
using ModelOpt.Training.Data;
using Xunit;

namespace ModelOpt.Training.Tests.Data;

public class DatasetCatalogTests
{
    private static AlgorithmOptions Options(params (string Key, object? Value)[] values) =>
        new("workload", values.ToDictionary(v => v.Key, v => v.Value));

    [Fact]
    public void Mnist_by_default_is_the_shipped_subset_split_8000_to_2000()
    {
        var options = Options();
        var dataset = DatasetCatalog.ReadOptions(options);
        Assert.Empty(options.Errors);
        var data = DatasetCatalog.Load(dataset);
        using var splits = DatasetCatalog.Holdout(data, dataset);
        Assert.Equal(8000, splits.Train.Count);
        Assert.Equal(2000, splits.Validation.Count);
        Assert.Null(splits.Test);
        Assert.Equal([1L, 28, 28], splits.Train.SampleShape);
    }

    [Fact]
    public void Limit_and_counts_shape_a_synthetic_set()
    {
        var options = Options(("dataset", "synthetic"), ("samples", 500L), ("classes", 4L), ("limit", 200L), ("trainCount", 100L), ("validationCount", 60L), ("testCount", 40L));
        var dataset = DatasetCatalog.ReadOptions(options);
        options.RejectUnknown();
        Assert.Empty(options.Errors);
        var data = DatasetCatalog.Load(dataset);
        Assert.Equal(200, data.Count);
        using var splits = DatasetCatalog.Holdout(data, dataset);
        Assert.Equal((100, 60, 40), (splits.Train.Count, splits.Validation.Count, splits.Test!.Count));
    }

    [Fact]
    public void Bad_options_are_all_reported_with_their_paths()
    {
        var options = Options(("dataset", "csv"), ("trainFraction", 0.9), ("validationFraction", 0.3));
        DatasetCatalog.ReadOptions(options);
        Assert.Contains(options.Errors, e => e.Path == "workload.path" && e.Message.Contains("CSV"));
        Assert.Contains(options.Errors, e => e.Path == "workload.trainFraction");

        var missing = Options(("dataset", "idx"), ("images", "/nope/images.gz"), ("labels", "/nope/labels.gz"));
        DatasetCatalog.ReadOptions(missing);
        Assert.Contains(missing.Errors, e => e.Path == "workload.images" && e.Message.Contains("/nope/images.gz"));

        var unknown = Options(("dataset", "imagenet"));
        DatasetCatalog.ReadOptions(unknown);
        Assert.Contains(unknown.Errors, e => e.Path == "workload.dataset");
    }

    [Fact]
    public void KFolds_share_the_held_out_test_rows_and_never_validate_on_them()
    {
        var options = Options(("dataset", "synthetic"), ("samples", 100L), ("testFraction", 0.2));
        var dataset = DatasetCatalog.ReadOptions(options);
        var data = DatasetCatalog.Load(dataset);
        var folds = DatasetCatalog.KFolds(data, dataset, 4);
        var test = folds[0].Test;
        Assert.Equal(20, test.Length);
        Assert.All(folds, f => Assert.Equal(test, f.Test));
        Assert.All(folds, f => Assert.Empty(f.Fold.Validation.Intersect(test).Concat(f.Fold.Train.Intersect(test))));
        Assert.Equal(80, folds.SelectMany(f => f.Fold.Validation).Distinct().Count());
    }
}
