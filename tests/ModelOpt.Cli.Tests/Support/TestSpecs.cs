namespace ModelOpt.Cli.Tests.Support;

/// <summary>Specs the CLI tests submit, written to files as a user would.</summary>
public static class TestSpecs
{
    /// <summary>Random search on Branin: instant trials.</summary>
    public static string Branin(int trials) => $$"""
        apiVersion: modelopt/v1
        name: branin-cli
        seed: 3
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: -5, high: 10}
          x1: {type: float, low: 0, high: 15}
        searcher: random
        budget: {maxTrials: {{trials}}, maxConcurrent: 2}
        workload: {kind: function, function: branin}
        """;

    /// <summary>Simulated training with slow epochs, so trials are still running when a test stops them.</summary>
    public const string SlowCurve = """
        apiVersion: modelopt/v1
        name: slow-curve
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.0001, high: 0.1, log: true}
        searcher: random
        budget: {maxTrials: 20, maxConcurrent: 1, maxEpochsPerTrial: 200}
        workload: {kind: curve, epochSeconds: 0.5}
        """;

    /// <summary>One command trial that logs to stdout and stderr and writes a checkpoint file.</summary>
    public static string LoggingCommand(string logDir) => $$"""
        apiVersion: modelopt/v1
        name: logging-command
        objective: {metric: value, mode: min}
        space:
          x: {type: float, low: 0, high: 1}
        searcher: random
        budget: {maxTrials: 1, maxConcurrent: 1, maxEpochsPerTrial: 1}
        workload:
          kind: command
          shell: true
          logDir: {{logDir}}
          command: ['echo starting-training; echo warning-on-stderr >&2; echo weights > "$MOPT_CHECKPOINT_DIR/weights.bin"; echo "{\"epoch\": 1, \"value\": 0.5}"']
        """;

    /// <summary>Three problems at three paths.</summary>
    public const string ThreeProblems = """
        apiVersion: modelopt/v1
        name: broken
        objective: {metric: value, mode: sideways}
        space:
          x0: {type: float, low: 10, high: -5}
        searcher: random
        budget: {maxTrials: 0, maxConcurrent: 2}
        workload: {kind: function, function: branin}
        """;

    public static string Write(string dir, string name, string text)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }
}
