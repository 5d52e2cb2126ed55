using System.Text.RegularExpressions;
using ModelOpt.Node.Tests.Deployment;
using Xunit;

namespace ModelOpt.Node.Tests.External;

/// <summary>
/// Runs each test of <c>clients/python/tests/test_client.py</c> with Debian's python3 against a real node, one xunit
/// case per Python test, so they are counted and fail the test command like any other.
/// </summary>
[Collection(ExternalNodeCollection.Name)]
public sealed partial class PythonClientTests(ExternalNode node, PythonClient python) : IClassFixture<PythonClient>
{
    [GeneratedRegex(@"^class (\w+)\(unittest\.TestCase\)|^    def (test_\w+)\(", RegexOptions.Multiline)]
    private static partial Regex TestPattern();

    public static TheoryData<string> Tests()
    {
        var data = new TheoryData<string>();
        string? testClass = null;
        foreach (Match match in TestPattern().Matches(File.ReadAllText(RepositoryPaths.Of("clients", "python", "tests", "test_client.py"))))
        {
            if (match.Groups[1].Success) testClass = match.Groups[1].Value;
            else data.Add($"tests.test_client.{testClass}.{match.Groups[2].Value}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Tests))]
    public void Python_client(string test)
    {
        var output = ChildProcess.Run(python.Interpreter, ["-m", "unittest", "-v", test], python.Source, TimeSpan.FromMinutes(2), new Dictionary<string, string>
        {
            ["MOPT_TEST_URL"] = node.Url,
            ["MOPT_TEST_TOKEN"] = ExternalNode.FullToken,
            ["MOPT_TEST_READONLY_TOKEN"] = ExternalNode.ReadOnlyToken,
        });

        Assert.Matches(@"(?m)^OK$", output);
        Assert.DoesNotContain("skipped", output);
    }

    [TorchFact]
    public void The_pytorch_example_trains_mlps_on_mnist_as_the_trials_of_an_external_search()
    {
        var spec = Path.Combine(python.Source, "mnist-quick.yaml");
        File.WriteAllText(spec, File.ReadAllText(RepositoryPaths.Of("examples", "external-mnist.yaml"))
            .Replace("maxTrials: 12, maxConcurrent: 2, maxEpochsPerTrial: 6", "maxTrials: 3, maxConcurrent: 1, maxEpochsPerTrial: 2"));

        var output = ChildProcess.Run(python.Interpreter, [RepositoryPaths.Of("examples", "python", "mnist_mlp.py"), "--url", node.Url, "--spec", spec, "--limit", "1500"],
            python.Source, TimeSpan.FromMinutes(3), new Dictionary<string, string> { ["MOPT_TOKEN"] = ExternalNode.FullToken });

        Assert.Matches(@"(?m)^t0001 epoch 1: val_accuracy 0\.\d{4}", output);
        var best = Regex.Match(output, @"finished: best t\d{4} val_accuracy (0\.\d{4})");
        Assert.True(best.Success, output);
        Assert.True(double.Parse(best.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0.5, output);
    }
}
