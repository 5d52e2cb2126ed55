using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;
using Xunit;

namespace ModelOpt.Training.Tests.Command;

/// <summary>
/// A trainer's output costs the worker a bounded amount and cannot change how it is read (issue 14): UTF-8 only, lines
/// cut at a length, epochs past the budget end the trial, and a cap on the log bytes kept.
/// </summary>
public sealed class CommandOutputLimitsTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly CommandTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Output_that_starts_with_a_UTF16_byte_order_mark_is_still_read_as_UTF8()
    {
        var script = _bed.Script("bom.sh", """
            printf '\377\376\n'
            echo '{"epoch": 1, "loss": 3}'
            echo '{"epoch": 2, "loss": 2}'
            printf 'caf\303\251 \377 ok\n'
            echo '{"epoch": 3, "loss": 1}'
            """);
        var reports = new List<EpochReport>();

        await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.Equal(["\uFFFD\uFFFD", "café \uFFFD ok"], _bed.Lines(CommandLogStream.Stdout));
    }

    [Fact]
    public async Task A_UTF8_byte_order_mark_at_the_start_is_dropped()
    {
        var script = _bed.Script("utf8bom.sh", """
            printf '\357\273\277{"epoch": 1, "loss": 1}\n'
            """);
        var reports = new List<EpochReport>();

        await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal(1, Assert.Single(reports).Epoch);
    }

    [Fact]
    public async Task A_line_without_end_is_cut_and_the_lines_after_it_are_still_read()
    {
        var script = _bed.Script("longline.sh", """
            head -c 5000000 /dev/zero | tr '\0' 'x'
            echo
            echo '{"epoch": 1, "loss": 1}'
            head -c 300000 /dev/zero | tr '\0' 'y' >&2
            """);
        var reports = new List<EpochReport>();

        await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal(1, Assert.Single(reports).Epoch);
        Assert.Equal(OutputLineReader.DefaultMaxLineChars, Assert.Single(_bed.Lines(CommandLogStream.Stdout)).Length);
        Assert.Contains(_bed.Lines(CommandLogStream.Warning), w => w.Contains("longer than 65536 characters"));
        Assert.Equal(OutputLineReader.DefaultMaxLineChars, Assert.Single(_bed.Lines(CommandLogStream.Stderr)).Length);
    }

    [Fact]
    public async Task Epochs_past_the_budget_end_the_trial_with_one_warning_and_are_never_reported()
    {
        // The issue's trainer: 20,000 epochs for a budget of 4, then it would keep the slot for ten minutes more.
        var script = _bed.Script("overrun.sh", """
            i=1
            while [ $i -le 20000 ]; do echo "{\"epoch\": $i, \"loss\": $i}"; i=$((i+1)); done
            sleep 600
            """);
        var reports = new List<EpochReport>();
        using var deadline = new CancellationTokenSource(Deadline);

        var result = await _bed.Workload([script]).RunAsync(CommandTestBed.Context(maxEpochs: 4), reports.Add, deadline.Token);

        Assert.Equal([1, 2, 3, 4], reports.Select(r => r.Epoch));
        Assert.Equal(4, result.Metrics["loss"]);
        var warning = Assert.Single(_bed.Lines(CommandLogStream.Warning));
        Assert.Contains("epoch 5 is past the budget of 4", warning);
    }

    [Fact]
    public async Task The_log_keeps_at_most_max_log_bytes_and_metrics_after_it_are_still_read()
    {
        var script = _bed.Script("chatty.sh", """
            i=0
            while [ $i -lt 5000 ]; do echo "log line $i of a chatty trainer"; echo "error line $i" >&2; i=$((i+1)); done
            echo '{"epoch": 1, "loss": 0.5}'
            """);
        var reports = new List<EpochReport>();

        var result = await _bed.Workload([script], ("maxLogBytes", 4096L)).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal(1, Assert.Single(reports).Epoch);
        var kept = new FileInfo(result.Artifacts!["stdout"]).Length + new FileInfo(result.Artifacts["stderr"]).Length;
        Assert.InRange(kept, 3000, 4096 + 200);
        var warning = Assert.Single(_bed.Lines(CommandLogStream.Warning));
        Assert.Contains("reached maxLogBytes (4096 bytes)", warning);
        Assert.EndsWith($"[mopt warning] {warning}", File.ReadAllText(result.Artifacts["stdout"]).TrimEnd());
        // The live sink stops with the file: at most one line per 13 bytes kept (the shortest line, "error line 0" and
        // its newline); how stdout and stderr interleave decides the exact count.
        Assert.InRange(_bed.LogLines.Count, 10, 4096 / 13 + 2);
    }

    [Fact]
    public async Task A_trial_sees_none_of_the_nodes_settings_and_secrets_in_its_environment()
    {
        string[] secrets =
        [
            "MOPT_TOKEN", "MOPT_TOKEN_FILE", "MOPT_READONLY_TOKEN", "MOPT_READONLY_TOKEN_FILE", "MOPT_JOURNAL", "MOPT_SEED_NODES",
            "MOPT_TLS_DIR", "Node__TokenFile", "node__journal", "OTEL_EXPORTER_OTLP_HEADERS", "PGPASSWORD", "PGPASSFILE",
            "ASPNETCORE_Kestrel__Certificates__Default__Password", "Kestrel__Certificates__Default__Path",
        ];
        var dump = Path.Combine(_bed.Root, "env.txt");
        var script = _bed.Script("env.sh", $"env > '{dump}'\necho '{{\"epoch\": 1, \"loss\": 1}}'\n");
        foreach (var name in secrets) Environment.SetEnvironmentVariable(name, "sec-test-secret-value");
        Environment.SetEnvironmentVariable("SEC_TEST_VISIBLE", "visible");
        try
        {
            await _bed.Workload([script], ("env", new Dictionary<string, object?> { ["FROM_SPEC"] = "yes" }))
                .RunAsync(CommandTestBed.Context(), _ => { }, CancellationToken.None);
        }
        finally
        {
            foreach (var name in secrets) Environment.SetEnvironmentVariable(name, null);
            Environment.SetEnvironmentVariable("SEC_TEST_VISIBLE", null);
        }

        var seen = File.ReadAllLines(dump);
        Assert.DoesNotContain(seen, line => line.Contains("sec-test-secret-value"));
        Assert.Contains("SEC_TEST_VISIBLE=visible", seen);
        Assert.Contains("FROM_SPEC=yes", seen);
        Assert.Contains(seen, line => line.StartsWith($"{TrialEnvironment.ConfigPath}=", StringComparison.Ordinal));
    }
}
