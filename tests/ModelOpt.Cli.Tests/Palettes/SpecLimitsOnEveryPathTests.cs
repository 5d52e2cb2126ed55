using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ModelOpt.Cli.Run;
using ModelOpt.Cli.Tests.Support;
using ModelOpt.Search.Tests.Specs;
using ModelOpt.Client;
using ModelOpt.Client.Models;
using ModelOpt.Training;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>A node for these tests alone, on ports of their own (21140 command endpoint, 21141 remoting).</summary>
public sealed class SpecLimitsNode() : CommandNode(21141, 21140);

/// <summary>
/// Issue 14: the same spec got different treatment by <c>mopt run</c>, <c>search submit</c> and the endpoint (an alias
/// bomb hung both, a 4.7 MB spec broke the endpoint's pipe, 100,000,000 trials and <c>noise: .inf</c> passed
/// <c>mopt run</c>). Each path now refuses each with the same problems and exit code 2 (HTTP 400, or 413 for the size).
/// </summary>
public sealed class SpecLimitsOnEveryPathTests(SpecLimitsNode node) : IClassFixture<SpecLimitsNode>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mopt-sec-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string, HttpStatusCode> Hostile => new()
    {
        { nameof(HostileSpecs.BillionLaughs), "too large once its aliases are expanded", HttpStatusCode.BadRequest },
        { nameof(HostileSpecs.BombInCategoricalValues), "too large once its aliases are expanded", HttpStatusCode.BadRequest },
        { nameof(HostileSpecs.SevenHundredThousandValues), "a spec may be at most 256 KiB", HttpStatusCode.RequestEntityTooLarge },
        { nameof(HostileSpecs.HundredMillionTrials), "budget.maxTrials (line 7, column 21): must be ≤ 100000, got 100000000", HttpStatusCode.BadRequest },
        { nameof(HostileSpecs.InfiniteNoise), "workload.noise (line 8, column 53): must be a finite number, got .inf", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Mopt_run_search_submit_and_the_endpoint_refuse_it_alike(string name, string problem, HttpStatusCode status)
    {
        var text = (string)typeof(HostileSpecs).GetMethod(name)!.Invoke(null, null)!;
        var file = Path.Combine(_dir, $"{name}.yaml");
        await File.WriteAllTextAsync(file, text);
        var mopt = new MoptRunner(Path.Combine(_dir, "config"), new Dictionary<string, string> { ["MOPT_TOKEN"] = CommandNode.FullToken });

        var runErrors = new StringWriter();
        var run = await new RunSearch(TestConsoles.Plain(new StringWriter()), runErrors, TrainingCatalog.Default, _ => null)
            .RunAsync(new RunRequest(new FileInfo(file), null, 1, new DirectoryInfo(Path.Combine(_dir, "run")), null), CancellationToken.None);
        var submit = await mopt.RunAsync(node.Address, "search", "submit", file);
        // The body goes with its length and waits for the server's word (100-continue, however long a loaded machine
        // takes): a 4.7 MB body is refused from its length alone. A chunked body, or one written after the default 1 s
        // wait, could hit the connection the server closed (broken pipe) before the client read the 413.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(2) })
        {
            BaseAddress = new Uri($"http://{node.Address}"),
        };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CommandNode.FullToken);
        http.DefaultRequestHeaders.ExpectContinue = true;
        using var body = new StringContent(
            JsonSerializer.Serialize(new SubmitRequest(text), CommandJson.Requests),
            Encoding.UTF8, "application/json");
        using var posted = await http.PostAsync(CommandRoutes.Searches, body);
        var answer = await posted.Content.ReadAsStringAsync();

        Assert.True(run == RunSearch.BadInput, runErrors.ToString());
        Assert.Contains(problem, runErrors.ToString());
        Assert.True(submit.Exit == 2, submit.ToString());
        Assert.Contains(problem, submit.Error);
        Assert.Equal(status, posted.StatusCode);
        Assert.Contains(problem, System.Text.RegularExpressions.Regex.Unescape(answer));
        using var searches = node.Client();
        Assert.Empty(await searches.ListSearchesAsync());
    }
}
