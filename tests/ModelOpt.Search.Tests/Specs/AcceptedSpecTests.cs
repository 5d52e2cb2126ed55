using ModelOpt.Search.Schedulers;
using ModelOpt.Search.Searchers;
using ModelOpt.Search.Specs;
using ModelOpt.Search.Workloads;
using Xunit;

namespace ModelOpt.Search.Tests.Specs;

/// <summary>
/// A spec read back from a journal (<see cref="SpecParser.ParseAccepted"/>) is rebuilt as it was accepted: checks that
/// would reject it today — options a searcher no longer knows, bad option values, limits — do not stop it, while a spec
/// that cannot be read at all still fails with its errors.
/// </summary>
public sealed class AcceptedSpecTests
{
    [Fact]
    public void Options_that_fail_todays_checks_build_the_algorithms_with_their_defaults()
    {
        var text = SpecText.Branin("searcher: {type: tpe, nStartupTrials: 4, optionRemovedSince: 3, gamma: 7}\nscheduler: {type: asha, gracePeriod: -1}\n");
        var errors = SpecText.Errors(text);
        Assert.Contains(errors, e => e.Path == "searcher.optionRemovedSince");
        Assert.Contains(errors, e => e.Path == "searcher.gamma");
        Assert.Contains(errors, e => e.Path == "scheduler.gracePeriod");

        var spec = SpecParser.ParseAccepted(text, SearchCatalog.BuiltIn);

        var searcher = SearcherCatalog.BuiltIn.Create(spec.Searcher.Type, new SearcherContext(spec.Space, spec.Objective, spec.Seed, spec.Searcher.ToOptions("searcher")));
        Assert.NotNull(searcher.SuggestAndAccept("t1"));
        Assert.NotNull(SchedulerCatalog.BuiltIn.Create(spec.Scheduler.Type, new SchedulerContext(spec.Space, spec.Objective, 1, spec.Scheduler.ToOptions("scheduler"), 1)));
        Assert.IsType<FunctionWorkload>(SearchCatalog.BuiltIn.Workloads.Create(spec.Workload));
    }

    [Fact]
    public void A_workload_kind_this_process_does_not_know_reads_when_accepted()
    {
        // mopt reads journals of torch trials without the training assembly that registers the torch kind.
        var text = SpecText.Branin()
            .Replace("budget: {maxTrials: 10}", "budget: {maxTrials: 10, maxEpochsPerTrial: 3}")
            .Replace("workload: {kind: function, function: branin}", "workload: {kind: trained-elsewhere, epochs: 3}");
        Assert.Contains(SpecText.Errors(text), e => e.Path == "workload.kind");

        var spec = SpecParser.ParseAccepted(text, SearchCatalog.BuiltIn);

        Assert.Equal("trained-elsewhere", spec.Workload.Kind);
        Assert.Equal(3, spec.Budget.MaxEpochsPerTrial);
    }

    [Fact]
    public void An_unknown_top_level_key_does_not_stop_an_accepted_spec()
    {
        var text = SpecText.Branin("addedInALaterVersion: true\n");
        Assert.Contains(SpecText.Errors(text), e => e.Path == "addedInALaterVersion");

        Assert.Equal("test", SpecParser.ParseAccepted(text, SearchCatalog.BuiltIn).Name);
    }

    [Fact]
    public void Limits_apply_to_submissions_only()
    {
        var text = SpecText.Branin().Replace("maxTrials: 10", $"maxTrials: {SpecLimits.Submission.MaxTrials + 1}");
        Assert.Contains(SpecText.Errors(text), e => e.Path == "budget.maxTrials");

        Assert.Equal(SpecLimits.Submission.MaxTrials + 1, SpecParser.ParseAccepted(text, SearchCatalog.BuiltIn).Budget.MaxTrials);
    }

    [Fact]
    public void A_spec_that_cannot_be_read_fails_as_accepted_too()
    {
        var text = SpecText.Branin().Replace("budget: {maxTrials: 10}\n", "");

        var e = Assert.Throws<SpecException>(() => SpecParser.ParseAccepted(text, SearchCatalog.BuiltIn));
        Assert.Contains(e.Errors, error => error.Path == "budget");
    }

    [Fact]
    public void The_accepted_reading_is_the_submitted_one_for_a_valid_spec()
    {
        var text = SpecText.Branin("searcher: {type: gp, nStartupTrials: 3}\n");
        var submitted = SpecParser.Parse(text, SearchCatalog.BuiltIn);
        var accepted = SpecParser.ParseAccepted(text, SearchCatalog.BuiltIn);

        Assert.Equal(submitted.Space.Parameters, accepted.Space.Parameters);
        Assert.Equal((submitted.Budget, submitted.Seed, submitted.Searcher.Type), (accepted.Budget, accepted.Seed, accepted.Searcher.Type));
        Assert.Equal(submitted.Searcher.Options, accepted.Searcher.Options);
        Assert.True(accepted.Searcher.Accepted && !submitted.Searcher.Accepted);
    }
}
