using System.Text.Json;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;
using Xunit;

namespace ModelOpt.Training.Tests.Command;

public sealed class CommandWorkloadTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly CommandTestBed _bed = new();

    public void Dispose() => _bed.Dispose();

    [Fact]
    public async Task Good_run_reports_each_epoch_in_order_and_returns_the_final_metrics()
    {
        var script = _bed.Script("good.sh", """
            echo "starting"
            echo '{"epoch": 1, "metrics": {"val_accuracy": 0.5, "loss": 1.25}}'
            echo '{"note": "plain JSON without epoch is log"}'
            echo '{"epoch": 2, "val_accuracy": 0.75, "loss": 0.5}'
            echo '{"epoch": 3, "metrics": {"val_accuracy": 0.875, "loss": 0.25}}'
            echo '{"final": {"test_accuracy": 0.9}}'
            echo "done"
            """);
        var reports = new List<EpochReport>();

        var result = await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal([1, 2, 3], reports.Select(r => r.Epoch));
        Assert.Equal([0.5, 0.75, 0.875], reports.Select(r => r.Metrics["val_accuracy"]));
        Assert.Equal(0.5, reports[1].Metrics["loss"]);
        Assert.DoesNotContain("epoch", reports[1].Metrics.Keys);
        Assert.Equal(0.9, result.Metrics["test_accuracy"]);
        Assert.Equal(["starting", """{"note": "plain JSON without epoch is log"}""", "done"], _bed.Lines(CommandLogStream.Stdout));
        Assert.Equal(File.ReadAllLines(result.Artifacts!["stdout"]), _bed.Lines(CommandLogStream.Stdout));
    }

    [Fact]
    public async Task Without_a_final_line_the_result_is_the_last_epochs_metrics()
    {
        var script = _bed.Script("nofinal.sh", """
            echo '{"epoch": 1, "loss": 2}'
            echo '{"epoch": 2, "loss": 1}'
            """);

        var result = await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), _ => { }, CancellationToken.None);

        Assert.Equal(1, result.Metrics["loss"]);
    }

    [Fact]
    public async Task Each_report_arrives_while_the_process_still_runs()
    {
        // The script prints epoch 1, then waits for a file that the test creates only on receiving that report.
        var go = Path.Combine(_bed.Root, "go");
        var script = _bed.Script("streaming.sh", $$"""
            echo '{"epoch": 1, "loss": 1}'
            while [ ! -f "{{go}}" ]; do sleep 0.01; done
            echo '{"epoch": 2, "loss": 0.5}'
            """);
        using var deadline = new CancellationTokenSource(Deadline);
        var reports = new List<int>();

        await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), r =>
        {
            reports.Add(r.Epoch);
            if (r.Epoch == 1) File.WriteAllText(go, "");
        }, deadline.Token);

        Assert.Equal([1, 2], reports);
    }

    [Fact]
    public async Task A_nonzero_exit_is_a_crash_quoting_the_exit_code_and_the_stderr_tail()
    {
        var script = _bed.Script("crash.sh", """
            echo '{"epoch": 1, "loss": 1}'
            echo "first error line" >&2
            echo "second error line" >&2
            echo "Traceback: boom" >&2
            exit 3
            """);

        var failure = await Assert.ThrowsAsync<TrialFailedException>(() =>
            _bed.Workload([script], ("stderrTailLines", 2L)).RunAsync(CommandTestBed.Context(), _ => { }, CancellationToken.None));

        Assert.Equal(FailureKind.Crash, failure.Kind);
        Assert.Contains("exit code 3", failure.Message);
        Assert.Contains("second error line", failure.Message);
        Assert.Contains("Traceback: boom", failure.Message);
        Assert.DoesNotContain("first error line", failure.Message);
    }

    [Fact]
    public async Task Stopping_a_trial_kills_the_process_and_its_background_child()
    {
        var script = _bed.Script("stop.sh", """
            sleep 300 &
            echo "child $!"
            echo "main $$"
            echo '{"epoch": 1, "loss": 1}'
            wait
            """);
        using var stop = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        // Both die on SIGTERM, so the stop must not wait out the (long) grace period; the orphaned child's zombie,
        // which init may reap late, does not count as running.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _bed.Workload([script], ("killGraceSeconds", 60.0)).RunAsync(CommandTestBed.Context(), _ => stop.Cancel(), stop.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the stop took {clock.Elapsed.TotalSeconds:F1} s");
        var child = _bed.PidFromLog("child");
        var main = _bed.PidFromLog("main");
        CommandTestBed.WaitUntil(() => CommandTestBed.IsGone(child) && CommandTestBed.IsGone(main), Deadline, $"trial processes {main} and {child} gone");
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var script = _bed.Script("stubborn.sh", """
            trap '' TERM
            echo "main $$"
            echo '{"epoch": 1, "loss": 1}'
            while true; do sleep 0.05; done
            """);
        using var stop = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _bed.Workload([script], ("killGraceSeconds", 0.2)).RunAsync(CommandTestBed.Context(), _ => stop.Cancel(), stop.Token));

        var main = _bed.PidFromLog("main");
        CommandTestBed.WaitUntil(() => CommandTestBed.IsGone(main), Deadline, $"process {main} gone");
    }

    [Fact]
    public async Task Children_left_running_after_a_normal_exit_are_cleared_out()
    {
        var script = _bed.Script("leftover.sh", """
            sleep 300 &
            echo "child $!"
            echo '{"epoch": 1, "loss": 1}'
            """);
        using var deadline = new CancellationTokenSource(Deadline);

        await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), _ => { }, deadline.Token);

        var child = _bed.PidFromLog("child");
        CommandTestBed.WaitUntil(() => CommandTestBed.IsGone(child), Deadline, $"left-over child {child} gone");
    }

    [Fact]
    public async Task A_NaN_metric_fails_the_trial_as_non_finite_and_stops_the_process()
    {
        // Bare NaN is what Python's json.dumps writes for float('nan').
        var script = _bed.Script("nan.sh", """
            echo "main $$"
            echo '{"epoch": 1, "metrics": {"loss": 0.5}}'
            echo '{"epoch": 2, "metrics": {"loss": NaN}}'
            sleep 300
            """);
        var reports = new List<int>();
        using var deadline = new CancellationTokenSource(Deadline);

        var failure = await Assert.ThrowsAsync<TrialFailedException>(() =>
            _bed.Workload([script]).RunAsync(CommandTestBed.Context(), r => reports.Add(r.Epoch), deadline.Token));

        Assert.Equal(FailureKind.NonFiniteLoss, failure.Kind);
        Assert.Contains("epoch 2", failure.Message);
        Assert.Contains("'loss' is NaN", failure.Message);
        Assert.Equal([1], reports);
        Assert.False(deadline.IsCancellationRequested, "the NaN should stop the trial, not the test's deadline");
        Assert.True(CommandTestBed.IsGone(_bed.PidFromLog("main")));
    }

    [Fact]
    public async Task An_unknown_program_is_a_bad_config_naming_it()
    {
        var failure = await Assert.ThrowsAsync<TrialFailedException>(() =>
            _bed.Workload(["no-such-trainer-xyz", "--lr", "0.1"]).RunAsync(CommandTestBed.Context(), _ => { }, CancellationToken.None));

        Assert.Equal(FailureKind.BadConfig, failure.Kind);
        Assert.Contains("'no-such-trainer-xyz' was not found on PATH", failure.Message);
    }

    [Fact]
    public async Task A_missing_script_path_is_a_bad_config_naming_the_path()
    {
        var missing = Path.Combine(_bed.Root, "missing.sh");

        var failure = await Assert.ThrowsAsync<TrialFailedException>(() =>
            _bed.Workload([missing]).RunAsync(CommandTestBed.Context(), _ => { }, CancellationToken.None));

        Assert.Equal(FailureKind.BadConfig, failure.Kind);
        Assert.Contains(missing, failure.Message);
    }

    [Fact]
    public async Task The_process_gets_the_trial_environment_and_config_file()
    {
        var checkpoints = Path.Combine(_bed.Root, "ckpt", "t7");
        var script = _bed.Script("env.sh", """
            echo "id=$MOPT_TRIAL_ID search=$MOPT_SEARCH_ID device=$MOPT_DEVICE cuda=$CUDA_VISIBLE_DEVICES"
            echo "ckpt=$MOPT_CHECKPOINT_DIR custom=$MY_SETTING threads=$OMP_NUM_THREADS cwd=$(pwd)"
            cp "$MOPT_TRIAL_CONFIG" "$MOPT_CHECKPOINT_DIR/seen.json"
            echo '{"epoch": 1, "loss": 1}'
            """);
        var workload = _bed.Workload([script], ("env", new Dictionary<string, object?> { ["MY_SETTING"] = "on" }), ("workingDir", _bed.Root));

        var result = await workload.RunAsync(CommandTestBed.Context("t7", maxEpochs: 9, device: "cuda:1", checkpointDir: checkpoints), _ => { }, CancellationToken.None);

        var lines = _bed.Lines(CommandLogStream.Stdout).ToList();
        Assert.Equal("id=t7 search=search-a device=cuda:1 cuda=1", lines[0]);
        Assert.Equal($"ckpt={checkpoints} custom=on threads=2 cwd={_bed.Root}", lines[1]);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoints, "seen.json")));
        var root = config.RootElement;
        Assert.Equal("t7", root.GetProperty("trialId").GetString());
        Assert.Equal("search-a", root.GetProperty("searchId").GetString());
        Assert.Equal(0.01, root.GetProperty("config").GetProperty("lr").GetDouble());
        Assert.Equal(3, root.GetProperty("config").GetProperty("layers").GetInt64());
        Assert.Equal("relu", root.GetProperty("config").GetProperty("act").GetString());
        Assert.True(root.GetProperty("config").GetProperty("bn").GetBoolean());
        Assert.Equal(9, root.GetProperty("maxEpochs").GetInt32());
        Assert.Equal(0, root.GetProperty("startEpoch").GetInt32());
        Assert.Equal(checkpoints, root.GetProperty("checkpointDir").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("initCheckpoint").ValueKind);
        Assert.Equal("cuda:1", root.GetProperty("device").GetString());
        Assert.Equal(42UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(File.ReadAllText(result.Artifacts!["config"]), File.ReadAllText(Path.Combine(checkpoints, "seen.json")));
    }

    [Fact]
    public async Task A_cpu_trial_sees_no_GPU()
    {
        var script = _bed.Script("cpu.sh", """
            echo "cuda=[$CUDA_VISIBLE_DEVICES] device=$MOPT_DEVICE"
            echo '{"epoch": 1, "loss": 1}'
            """);

        await _bed.Workload([script]).RunAsync(CommandTestBed.Context(device: "cpu"), _ => { }, CancellationToken.None);

        Assert.Equal("cuda=[] device=cpu", _bed.Lines(CommandLogStream.Stdout).Single());
    }

    [Fact]
    public async Task Malformed_metrics_lines_are_kept_as_log_with_a_warning()
    {
        var script = _bed.Script("malformed.sh", """
            echo '{"epoch": 1, "metrics": {"loss": '
            echo '{"epoch": 1, "metrics": {"loss": "high"}}'
            echo '{"epoch": 1, "metrics": {"loss": 0.5}}'
            echo '{"epoch": 1, "metrics": {"loss": 0.4}}'
            """);
        var reports = new List<EpochReport>();

        var result = await _bed.Workload([script]).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal(0.5, Assert.Single(reports).Metrics["loss"]);
        var warnings = _bed.Lines(CommandLogStream.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.Contains("line 1", warnings[0]);
        Assert.Contains("not valid JSON", warnings[0]);
        Assert.Contains("metric 'loss' must be a number", warnings[1]);
        Assert.Contains("epochs must increase", warnings[2]);
        Assert.Contains("[mopt warning]", File.ReadAllText(result.Artifacts!["stdout"]));
    }

    [Fact]
    public async Task With_a_metrics_prefix_only_prefixed_lines_are_metrics()
    {
        var script = _bed.Script("prefix.sh", """
            echo '{"epoch": 1, "loss": 9}'
            echo 'MOPT {"epoch": 1, "loss": 1}'
            """);
        var reports = new List<EpochReport>();

        await _bed.Workload([script], ("metricsPrefix", "MOPT")).RunAsync(CommandTestBed.Context(), reports.Add, CancellationToken.None);

        Assert.Equal(1, Assert.Single(reports).Metrics["loss"]);
    }

    [Fact]
    public async Task With_shell_the_command_is_a_script_for_sh()
    {
        var result = await _bed.Workload(["""for e in 1 2; do echo "{\"epoch\": $e, \"loss\": $e}"; done | tail -n 1"""], ("shell", true))
            .RunAsync(CommandTestBed.Context(), _ => { }, CancellationToken.None);

        Assert.Equal(2, result.Metrics["loss"]);
    }

    [Fact]
    public async Task Each_attempt_keeps_its_own_log_directory()
    {
        var script = _bed.Script("twice.sh", """echo '{"epoch": 1, "loss": 1}'""");
        var workload = _bed.Workload([script]);

        var first = await workload.RunAsync(CommandTestBed.Context("same"), _ => { }, CancellationToken.None);
        var second = await workload.RunAsync(CommandTestBed.Context("same"), _ => { }, CancellationToken.None);

        Assert.EndsWith(Path.Combine("search-a", "same", "attempt-1", "trial.json"), first.Artifacts!["config"]);
        Assert.EndsWith(Path.Combine("search-a", "same", "attempt-2", "trial.json"), second.Artifacts!["config"]);
    }

    [Fact]
    public async Task A_log_sink_that_throws_fails_the_trial_instead_of_leaving_its_pipe_unread()
    {
        // 256 KiB on stderr is more than a pipe holds: had the stderr reader died silently, the process would block.
        var script = _bed.Script("noisy.sh", """
            head -c 262144 /dev/zero | tr '\0' 'x' | fold -w 1024 >&2
            echo '{"epoch": 1, "loss": 1}'
            """);
        var workload = _bed.Workload([script], line =>
        {
            if (line.Stream == CommandLogStream.Stderr) throw new InvalidOperationException("log store unavailable");
        });
        using var deadline = new CancellationTokenSource(Deadline);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            workload.RunAsync(CommandTestBed.Context(), _ => { }, deadline.Token));

        Assert.Equal("log store unavailable", failure.Message);
        Assert.False(deadline.IsCancellationRequested);
    }
}
