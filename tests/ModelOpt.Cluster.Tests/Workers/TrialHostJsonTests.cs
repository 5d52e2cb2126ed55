using ModelOpt.Cluster.Workers;
using ModelOpt.Cluster.Workers.Isolation;
using ModelOpt.Search;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Cluster.Tests.Workers;

/// <summary>What crosses the pipe between a worker and its trial process, and how a workload's exception becomes a failure.</summary>
public sealed class TrialHostJsonTests
{
    [Fact]
    public void A_run_request_keeps_the_whole_trial_context()
    {
        var config = Config.Empty.With("lr", ParameterValue.Float(0.01)).With("units", ParameterValue.Int(256))
            .With("precision", ParameterValue.String("bf16")).With("batchNorm", ParameterValue.Bool(true));
        var context = new TrialContext("s1", "t0007", config, 6, ulong.MaxValue, "cuda:0", 2, "/ckpt/s1/t0007", "/ckpt/s1/t0003", 3, 1L << 30);

        var back = TrialHostJson.Read<TrialHostRequest>(TrialHostJson.Write(new TrialHostRequest(TrialHostRequest.Run, "spec text", context)));

        Assert.Equal("spec text", back.SpecText);
        Assert.Equal(context, back.Context);
        Assert.Equal(ValueKind.Int, back.Context!.Config["units"].Kind);
    }

    [Fact]
    public void Replies_keep_non_finite_metrics_and_failure_kinds_and_are_one_line()
    {
        var epoch = new TrialHostReply(TrialHostReply.Epoch) { EpochNumber = 2, Seconds = 0.5, Metrics = new Dictionary<string, double> { ["train_loss"] = double.NaN } };
        var failed = new TrialHostReply(TrialHostReply.Failed) { Failure = FailureKind.OutOfMemory, Reason = "CUDA out of memory.\nTried to allocate 64 GiB" };

        var epochLine = TrialHostJson.Write(epoch);
        var failedLine = TrialHostJson.Write(failed);
        Assert.DoesNotContain('\n', epochLine + failedLine);
        Assert.True(double.IsNaN(TrialHostJson.Read<TrialHostReply>(epochLine).Metrics!["train_loss"]));
        var back = TrialHostJson.Read<TrialHostReply>(failedLine);
        Assert.Equal(FailureKind.OutOfMemory, back.Failure);
        Assert.Equal(failed.Reason, back.Reason);
        Assert.True(back.Ends);
    }

    [Fact]
    public void Exceptions_become_failures_with_their_kind_and_a_short_reason()
    {
        Assert.Equal((FailureKind.NonFiniteLoss, "nan"), TrialFailures.Classify(new TrialFailedException(FailureKind.NonFiniteLoss, "nan")));
        Assert.Equal(FailureKind.BadConfig, TrialFailures.Classify(new SpecException([new SpecError("space.x", "bad")])).Kind);
        Assert.Equal(FailureKind.OutOfMemory, TrialFailures.Classify(new OutOfMemoryException("heap")).Kind);
        Assert.Equal((FailureKind.Exception, "ExternalException: CUDA error: device-side assert triggered"),
            TrialFailures.Classify(new System.Runtime.InteropServices.ExternalException("CUDA error: device-side assert triggered\nframe #0: c10::Error")));
    }
}
