using ModelOpt.Search;
using ModelOpt.Search.Workloads;

namespace ModelOpt.Cluster.Workers;

/// <summary>How an exception out of a workload becomes an attempt's failure: its kind and the reason the user reads.</summary>
public static class TrialFailures
{
    public static (FailureKind Kind, string Reason) Classify(Exception e) => e switch
    {
        TrialFailedException failed => (failed.Kind, failed.Message),
        SpecException spec => (FailureKind.BadConfig, spec.Message),
        OutOfMemoryException memory => (FailureKind.OutOfMemory, memory.Message),
        _ => (FailureKind.Exception, $"{e.GetType().Name}: {Training.NativeErrors.Trim(e.Message)}"),
    };
}
