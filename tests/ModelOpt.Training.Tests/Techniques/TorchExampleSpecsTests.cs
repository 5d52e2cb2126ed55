using ModelOpt.Search;
using ModelOpt.Search.Specs;
using Xunit;

namespace ModelOpt.Training.Tests.Techniques;

/// <summary>
/// Every example spec validates with the training workloads registered, so the torch options of the examples
/// (pruning, distillation, transfer, data selection) are checked too, not only their kinds.
/// </summary>
public class TorchExampleSpecsTests
{
    public static TheoryData<string> ExampleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "examples")).Where(f => f.EndsWith(".yaml") || f.EndsWith(".json")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_validates_with_the_training_workloads(string fileName)
    {
        var catalog = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);
        var errors = Record.Exception(() => SpecParser.ParseFile(Path.Combine(RepositoryRoot(), "examples", fileName), catalog));
        Assert.True(errors is null, $"{fileName}: {errors?.Message}");
    }

    [Theory]
    [InlineData("mnist-pruning.yaml")]
    [InlineData("mnist-distillation.yaml")]
    [InlineData("mnist-transfer-pretrain.yaml")]
    [InlineData("mnist-transfer.yaml")]
    public void The_technique_examples_exist(string fileName) =>
        Assert.True(File.Exists(Path.Combine(RepositoryRoot(), "examples", fileName)));

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelOpt.Cluster.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ModelOpt.Cluster.sln not found above {AppContext.BaseDirectory}");
    }
}
