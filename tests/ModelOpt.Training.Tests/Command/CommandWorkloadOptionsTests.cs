using ModelOpt.Search;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using ModelOpt.Training.Command;
using Xunit;

namespace ModelOpt.Training.Tests.Command;

public sealed class CommandWorkloadOptionsTests
{
    private static (CommandWorkloadOptions Options, IReadOnlyList<SpecError> Errors) Read(Dictionary<string, object?> values)
    {
        var reader = new AlgorithmOptions("workload", values);
        var options = CommandWorkloadOptions.Read(reader);
        return (options, reader.Errors);
    }

    [Fact]
    public void Reads_every_option()
    {
        var (options, errors) = Read(new()
        {
            ["command"] = new List<object?> { "python3", "train.py", "--fast" },
            ["workingDir"] = "/srv/trainer",
            ["env"] = new Dictionary<string, object?> { ["A"] = "x", ["N"] = 4L, ["F"] = true },
            ["metricsPrefix"] = "@m",
            ["stderrTailLines"] = 10L,
            ["killGraceSeconds"] = 5.0,
            ["logDir"] = "/var/log/mopt",
        });

        Assert.Empty(errors);
        Assert.Equal(["python3", "train.py", "--fast"], options.Command);
        Assert.False(options.Shell);
        Assert.Equal("/srv/trainer", options.WorkingDir);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "x", ["N"] = "4", ["F"] = "true" }, options.Environment);
        Assert.Equal("@m", options.MetricsPrefix);
        Assert.Equal(10, options.StderrTailLines);
        Assert.Equal(TimeSpan.FromSeconds(5), options.KillGrace);
        Assert.Equal("/var/log/mopt", options.LogDir);
    }

    [Fact]
    public void Defaults_apply_when_only_the_command_is_given()
    {
        var (options, errors) = Read(new() { ["command"] = new List<object?> { "./train.sh" } });

        Assert.Empty(errors);
        Assert.Equal(50, options.StderrTailLines);
        Assert.Equal(TimeSpan.FromSeconds(2), options.KillGrace);
        Assert.Null(options.MetricsPrefix);
        Assert.Empty(options.Environment);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_path()
    {
        var (_, errors) = Read(new()
        {
            ["command"] = new List<object?> { "python3", 7L },
            ["env"] = new Dictionary<string, object?> { ["BAD=NAME"] = "x", ["LIST"] = new List<object?>() },
            ["stderrTailLines"] = -1L,
            ["colour"] = "blue",
        });

        Assert.Equal(
            ["workload.command[1]", "workload.env.BAD=NAME", "workload.env.LIST", "workload.stderrTailLines", "workload.colour"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void A_missing_command_is_an_error()
    {
        var (_, errors) = Read(new());

        Assert.Equal("workload.command", Assert.Single(errors).Path);
    }

    [Fact]
    public void With_shell_the_command_must_be_one_script()
    {
        var (_, errors) = Read(new() { ["command"] = new List<object?> { "echo", "hi" }, ["shell"] = true });

        Assert.Contains("one string", Assert.Single(errors).Message);
    }

    [Fact]
    public void The_training_catalog_builds_a_command_workload_and_rejects_bad_options()
    {
        var workloads = TrainingCatalog.AddTo(SearchCatalog.BuiltIn).Workloads;

        var workload = workloads.Create(new WorkloadSpec("command", new Dictionary<string, object?> { ["command"] = new List<object?> { "true" } }));
        var invalid = Assert.Throws<SpecException>(() => workloads.Create(new WorkloadSpec("command", new Dictionary<string, object?>())));

        Assert.Equal(["true"], Assert.IsType<CommandWorkload>(workload).Options.Command);
        Assert.Contains(invalid.Errors, e => e.Path == "workload.command");
    }
}
