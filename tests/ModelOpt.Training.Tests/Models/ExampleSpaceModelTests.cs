using ModelOpt.Search;
using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Specs;
using ModelOpt.Training.Models;
using Xunit;

namespace ModelOpt.Training.Tests.Models;

/// <summary>The model-search examples parse with the torch workload registered, and every configuration their spaces can produce builds a model.</summary>
public class ExampleSpaceModelTests
{
    [Theory]
    [InlineData("mnist-tpe-asha.yaml", 8, 1)]
    [InlineData("mnist-nas-families.yaml", 16, 4)]
    [InlineData("mnist-nas-evolution.yaml", 16, 4)]
    [InlineData("mnist-regularization.yaml", 4, 1)]
    public void Sampled_configurations_of_the_example_build_mnist_models(string file, int samples, int familiesSeen)
    {
        var catalog = TrainingCatalog.AddTo(SearchCatalog.BuiltIn);
        var spec = SpecParser.ParseFile(Path.Combine(RepositoryRoot(), "examples", file), catalog);
        var random = new DeterministicRandom(11);
        var families = new HashSet<string>();
        for (var i = 0; i < samples; i++)
        {
            var config = spec.Space.Build((definition, _) => RandomSearcher.SampleUniform(definition.Domain, random));
            using var model = ModelFactory.Build(config, [1, 28, 28], 10);
            Assert.True(ModelFactory.ParameterCount(model) > 0);
            families.Add(model.GetName());
        }
        Assert.Equal(familiesSeen, families.Count);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ModelOpt.Cluster.sln")))
                return dir.FullName;
        throw new InvalidOperationException($"ModelOpt.Cluster.sln not found above {AppContext.BaseDirectory}");
    }
}
