using ModelOpt.Search;
using ModelOpt.Training.Data;
using Xunit;

namespace ModelOpt.Training.Tests.Data;

public class ClassSelectionTests
{
    [Fact]
    public void Selected_classes_are_kept_in_the_order_listed_and_renumbered()
    {
        var data = SyntheticDatasets.Blobs(200, 3, 5, 1);
        var selected = new ClassSelection([4, 1], null).Apply(data);
        Assert.Equal(["4", "1"], selected.ClassNames);
        Assert.Equal(data.Labels.Count(l => l is 4 or 1), selected.Count);
        Assert.Equal(data.Labels.Count(l => l == 4), selected.Labels.Count(l => l == 0));
        var first = Array.FindIndex(data.Labels, l => l is 4 or 1);
        Assert.Equal(data.Features.Skip(first * 3).Take(3), selected.Features.Take(3));
        Assert.Equal(data.Labels[first] == 4 ? 0 : 1, selected.Labels[0]);
    }

    [Fact]
    public void The_per_class_cap_cuts_only_the_training_split()
    {
        var options = new AlgorithmOptions("workload", new Dictionary<string, object?>
        {
            ["dataset"] = "synthetic", ["samples"] = 300L, ["classes"] = 3L,
            ["selectClasses"] = new List<object?> { 0L, 2L }, ["trainPerClass"] = 7L,
        });
        var dataset = DatasetCatalog.ReadOptions(options);
        Assert.Empty(options.Errors);
        var data = DatasetCatalog.Load(dataset);
        using var splits = DatasetCatalog.Holdout(data, dataset);
        Assert.Equal(14, splits.Train.Count);
        Assert.Equal([7L, 7L], splits.Train.Labels.bincount(null).data<long>().ToArray());
        Assert.Equal((int)Math.Round(data.Count * 0.2), (int)splits.Validation.Count);
    }

    [Fact]
    public void Bad_selections_are_rejected_with_their_paths()
    {
        var options = new AlgorithmOptions("workload", new Dictionary<string, object?>
        {
            ["dataset"] = "synthetic", ["selectClasses"] = new List<object?> { 1L, 1L }, ["trainPerClass"] = 0L,
        });
        DatasetCatalog.ReadOptions(options);
        Assert.Contains(options.Errors, e => e.Path == "workload.selectClasses" && e.Message.Contains("repeat"));
        Assert.Contains(options.Errors, e => e.Path == "workload.trainPerClass");
        var tooHigh = new ClassSelection([0, 9], null);
        Assert.Throws<DatasetFormatException>(() => tooHigh.Apply(SyntheticDatasets.Blobs(50, 2, 3, 1)));
    }
}
