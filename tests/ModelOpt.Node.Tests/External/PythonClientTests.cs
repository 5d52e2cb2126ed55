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
        var output = PythonClient.Run(python.Interpreter, ["-m", "unittest", "-v", test], python.Source, TimeSpan.FromMinutes(2), new Dictionary<string, string>
        {
            ["MOPT_TEST_URL"] = node.Url,
            ["MOPT_TEST_TOKEN"] = ExternalNode.FullToken,
            ["MOPT_TEST_READONLY_TOKEN"] = ExternalNode.ReadOnlyToken,
        });

        Assert.Matches(@"(?m)^OK$", output);
        Assert.DoesNotContain("skipped", output);
    }
}
