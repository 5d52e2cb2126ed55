using System.Globalization;

namespace ModelOpt.Faults.Workloads;

/// <summary>
/// Searches of short trials for fault runs. Command trials are real processes (a shell script) that report
/// <c>value = x</c> each epoch and, when they finish, append <c>searchId trialId value pid attempt-N</c> to a ledger file that the
/// checker compares with what the search recorded. Curve trials are the simulated learning curves (no process).
/// </summary>
public static class FaultSpecs
{
    public const string LedgerFile = "ledger.txt";

    /// <summary>The trial script, written once into <paramref name="directory"/>; returns its path.</summary>
    public static string WriteTrialScript(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "trial.sh");
        File.WriteAllText(path, $$$"""
            # A short trial: value = x, reported each epoch; the ledger gets a line when the trial ends by itself.
            x=$(sed -n 's/.*"x": *\([-0-9.eE+]*\).*/\1/p' "$MOPT_TRIAL_CONFIG" | head -n 1)
            epochs=$1
            seconds=$2
            e=1
            while [ "$e" -le "$epochs" ]; do
              sleep "$seconds"
              echo "{\"epoch\": $e, \"metrics\": {\"value\": $x}}"
              e=$((e + 1))
            done
            echo "$MOPT_SEARCH_ID $MOPT_TRIAL_ID $x $$ $(basename "$(dirname "$MOPT_TRIAL_CONFIG")")" >> "{{{Path.Combine(directory, LedgerFile)}}}"
            echo "{\"final\": {\"value\": $x}}"
            """);
        return path;
    }

    public static string Command(string name, int trials, int concurrent, int epochs, double epochSeconds, string directory, int retries = 10, int seed = 7)
    {
        var script = WriteTrialScript(directory);
        return $$"""
            apiVersion: modelopt/v1
            name: {{name}}
            seed: {{seed}}
            objective: {metric: value, mode: min}
            space:
              x: {type: float, low: 0, high: 1}
            budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: {{epochs}}}
            trial: {retries: {{retries}}}
            workload:
              kind: command
              logDir: {{Path.Combine(directory, "trial-logs")}}
              command: [/bin/sh, {{script}}, '{{epochs}}', '{{F(epochSeconds)}}']
            """;
    }

    public static string Curve(string name, int trials, int concurrent, int epochs, double epochSeconds, int retries = 10, int seed = 11) => $$"""
        apiVersion: modelopt/v1
        name: {{name}}
        seed: {{seed}}
        objective: {metric: accuracy, mode: max}
        space:
          lr: {type: float, low: 0.0001, high: 0.1, log: true}
          width: {type: int, low: 16, high: 256}
        budget: {maxTrials: {{trials}}, maxConcurrent: {{concurrent}}, maxEpochsPerTrial: {{epochs}}}
        trial: {retries: {{retries}}}
        workload: {kind: curve, epochSeconds: {{F(epochSeconds)}}}
        """;

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
