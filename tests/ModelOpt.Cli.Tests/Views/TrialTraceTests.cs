using ModelOpt.Cli.Tests.Support;
using ModelOpt.Cli.Views;
using ModelOpt.Client.Models;
using Xunit;

namespace ModelOpt.Cli.Tests.Views;

public sealed class TrialTraceTests
{
    [Fact]
    public void A_requeued_trial_shows_search_trial_both_attempts_and_its_epochs_with_times()
    {
        var search = SyntheticSearch.Of(4);
        var trial = search.Trial("t002")! with
        {
            Attempts = 2,
            EarlierAttempts = [new AttemptInfo(1, "akka.tcp://modelopt@10.0.0.9:4053", "cpu:1",
                DateTimeOffset.UnixEpoch.AddSeconds(5), DateTimeOffset.UnixEpoch.AddSeconds(8), AttemptEnd.Requeued, "node left")],
        };

        var lines = TrialTrace.Lines(search, trial);

        Assert.Equal("search s-test (synthetic)  submitted 00:00:00.000  finished", lines[0]);
        Assert.StartsWith("└─ trial t002  completed  00:00:05.000 (+5.000 s) → 00:00:29.000  24.000 s  objective ", lines[1]);
        Assert.Equal("   ├─ attempt 1  akka.tcp://modelopt@10.0.0.9:4053 cpu:1  00:00:05.000 (+5.000 s) → 00:00:08.000  3.000 s  requeued: node left", lines[2]);
        Assert.Equal("   └─ attempt 2  akka.tcp://modelopt@10.0.0.7:4053 cpu:0  00:00:20.000 (+20.000 s) → 00:00:29.000  9.000 s  completed", lines[3]);
        Assert.Equal(SyntheticSearch.Epochs, lines.Count(l => l.Contains("─ epoch ")));
        Assert.StartsWith("      ├─ epoch 1  +0.000 s → +1.500 s (1.500 s)  accuracy=", lines[4]);
        Assert.StartsWith("      └─ epoch 6  +7.500 s → +9.000 s (1.500 s)  accuracy=", lines[^1]);
    }

    [Fact]
    public void A_pending_trial_has_no_attempt_and_a_failed_one_says_why()
    {
        var search = SyntheticSearch.Of(5);
        var pending = search.Trial("t001")! with { Status = TrialStatus.Pending, Attempts = 0, StartedAt = null, EndedAt = null, Curve = [], Objective = null };

        Assert.Equal(["search s-test (synthetic)  submitted 00:00:00.000  finished", "└─ trial t001  pending  not started"], TrialTrace.Lines(search, pending));
        Assert.EndsWith("non_finite_loss: loss is NaN at step 12", TrialTrace.Lines(search, search.Trial("t005")!)[1]);
    }
}
