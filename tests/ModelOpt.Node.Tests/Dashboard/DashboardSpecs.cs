namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>The searches the dashboard tests watch.</summary>
public static class DashboardSpecs
{
    public const string Xss = "<img src=x onerror=alert(1)>";

    /// <summary>
    /// Simulated training (the curve workload): <paramref name="epochSeconds"/> per epoch, up to 6 epochs, ASHA stopping
    /// weak trials early; a categorical parameter has a value written as HTML.
    /// </summary>
    public static string Curves(string name, int trials, int concurrent, double epochSeconds, int seed = 5) => $$"""
        apiVersion: modelopt/v1
        name: {{name}}
        seed: {{seed}}
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.0001, high: 0.1, log: true}
          width: {type: int, low: 16, high: 512, log: true}
          dropout: {type: float, low: 0, high: 0.6}
          activation: {type: categorical, values: [relu, tanh, '{{Xss}}']}
        searcher: random
        scheduler: {type: asha, gracePeriod: 2, reductionFactor: 2}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: 6}
        workload: {kind: curve, epochSeconds: {{epochSeconds}}}
        """;

    /// <summary>Three trials one at a time, each ten minutes of simulated training (FIFO: nothing stops them early).</summary>
    public static string Slow() => """
        apiVersion: modelopt/v1
        name: slow
        seed: 7
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.0001, high: 0.1, log: true}
        searcher: random
        budget: {maxTrials: 3, maxConcurrent: 1, maxEpochsPerTrial: 6}
        workload: {kind: curve, epochSeconds: 100}
        """;

    /// <summary>Hartmann-6 evaluated once per trial: one epoch each, so learning curves say nothing.</summary>
    public static string OneEpoch() => """
        apiVersion: modelopt/v1
        name: one-epoch
        seed: 9
        objective: {metric: value, mode: min}
        space:
          x0: {type: float, low: 0, high: 1}
          x1: {type: float, low: 0, high: 1}
          x2: {type: float, low: 0, high: 1}
          x3: {type: float, low: 0, high: 1}
          x4: {type: float, low: 0, high: 1}
          x5: {type: float, low: 0, high: 1}
        searcher: random
        budget: {maxTrials: 20, maxConcurrent: 2}
        workload: {kind: function, function: hartmann6}
        """;

    /// <summary>A trainer that writes HTML into its log (stdout and stderr), then reports one epoch.</summary>
    public static string HtmlLog(string logDir) => CommandTrial("html-log", logDir,
        """echo "<b id=injected>bold</b><script>window.injected=1</script>" >&2; echo "<img src=x onerror=window.injected=2>"; """);

    /// <summary>
    /// A trainer that logs a first line, waits (at most two minutes) until <paramref name="goFile"/> exists, then logs a
    /// second line and reports one epoch: the test decides when the running trial's log grows.
    /// </summary>
    public static string GatedLog(string logDir, string goFile) => CommandTrial("gated-log", logDir,
        $"""echo "first line"; i=0; while [ ! -f {goFile} ] && [ $i -lt 1200 ]; do sleep 0.1; i=$((i+1)); done; echo "second line"; """);

    /// <summary>One trial of a shell command that runs <paramref name="script"/>, then reports one epoch and its final value.</summary>
    private static string CommandTrial(string name, string logDir, string script) => $$$"""
        apiVersion: modelopt/v1
        name: {{{name}}}
        seed: 3
        objective: {metric: value, mode: min}
        space:
          x: {type: float, low: 0, high: 1}
        budget: {maxTrials: 1, maxConcurrent: 1, maxEpochsPerTrial: 1}
        workload:
          kind: command
          shell: true
          logDir: {{{logDir}}}
          command: ['{{{script}}}echo "{\"epoch\": 1, \"metrics\": {\"value\": 1}}"; echo "{\"final\": {\"value\": 1}}"']
        """;

    /// <summary>One real TorchSharp trial: a small MLP, one epoch on 600 shipped MNIST digits (its result carries a confusion matrix).</summary>
    public static string Digits() => """
        apiVersion: modelopt/v1
        name: digits
        seed: 4
        objective: {metric: val_accuracy, mode: max}
        space:
          family: mlp
          depth: 1
          layers:
            type: list
            size: depth
            item:
              units: {type: int, low: 32, high: 64}
          activation: relu
          optimizer: adam
          lr: {type: float, low: 1.0e-3, high: 1.0e-2, log: true}
          batchSize: 64
          epochs: 1
        searcher: random
        budget: {maxTrials: 1, maxConcurrent: 1, maxEpochsPerTrial: 1}
        trial: {timeout: 5m}
        workload: {kind: torch, dataset: mnist, limit: 600, threads: 1}
        """;
}
