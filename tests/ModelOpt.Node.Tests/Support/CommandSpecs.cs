namespace ModelOpt.Node.Tests.Support;

/// <summary>Searches whose trials are shell commands that take a known time, so a node can be killed mid-trial.</summary>
public static class CommandSpecs
{
    public static string Sleeping(int trials, int concurrent, double seconds, string logDir, int retries = 1) => $$$"""
        apiVersion: modelopt/v1
        name: sleepers
        seed: 3
        objective: {metric: value, mode: min}
        space:
          x: {type: float, low: 0, high: 1}
        budget: {maxTrials: {{{trials}}}, maxConcurrent: {{{concurrent}}}, maxEpochsPerTrial: 1}
        trial: {retries: {{{retries}}}}
        workload:
          kind: command
          shell: true
          logDir: {{{logDir}}}
          command: ['sleep {{{seconds}}}; echo "{\"epoch\": 1, \"metrics\": {\"value\": 1}}"; echo "{\"final\": {\"value\": 1}}"']
        """;

    /// <summary>
    /// One trial per behaviour (grid over <c>mode</c>): exits with code 3, reports NaN, hangs past the 3 s timeout,
    /// or completes. The trainer is a shell script written to <paramref name="directory"/>.
    /// </summary>
    public static string Misbehaving(string directory)
    {
        var script = Path.Combine(directory, "misbehave.sh");
        File.WriteAllText(script, """
            mode=$(sed -n 's/.*"mode": *"\([a-z]*\)".*/\1/p' "$MOPT_TRIAL_CONFIG")
            case "$mode" in
              crash) echo "boom" >&2; exit 3 ;;
              nan) echo '{"epoch": 1, "metrics": {"value": NaN}}' ;;
              hang) sleep 600 ;;
              *) echo '{"epoch": 1, "metrics": {"value": 1}}' ;;
            esac
            """);
        return $$"""
            apiVersion: modelopt/v1
            name: misbehaving
            objective: {metric: value, mode: min}
            space:
              mode: {type: categorical, values: [crash, nan, hang, ok]}
            searcher: grid
            budget: {maxTrials: 4, maxConcurrent: 2, maxEpochsPerTrial: 1}
            trial: {retries: 0, timeout: 3s}
            workload:
              kind: command
              logDir: {{directory}}
              command: [/bin/sh, {{script}}]
            """;
    }

    /// <summary>
    /// Trials that stop improving after their second epoch and then would train for ten more minutes: only a
    /// scheduler stop that kills them and frees the slot lets the next trial run.
    /// </summary>
    public static string Plateauing(int trials, string directory)
    {
        var script = Path.Combine(directory, "plateau.sh");
        File.WriteAllText(script, """
            echo '{"epoch": 1, "metrics": {"value": 1}}'
            echo '{"epoch": 2, "metrics": {"value": 1}}'
            sleep 600
            """);
        return $$"""
            apiVersion: modelopt/v1
            name: plateaus
            objective: {metric: value, mode: min}
            space:
              x: {type: float, low: 0, high: 1}
            scheduler: {type: patience, patience: 1}
            budget: {maxTrials: {{trials}}, maxConcurrent: 1, maxEpochsPerTrial: 10}
            trial: {retries: 0}
            workload:
              kind: command
              logDir: {{directory}}
              command: [/bin/sh, {{script}}]
            """;
    }
}
