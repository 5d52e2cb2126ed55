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
}
