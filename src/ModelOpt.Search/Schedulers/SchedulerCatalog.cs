using ModelOpt.Search.Schedulers.Asha;
using ModelOpt.Search.Schedulers.Fifo;
using ModelOpt.Search.Schedulers.Hyperband;
using ModelOpt.Search.Schedulers.Median;
using ModelOpt.Search.Schedulers.Patience;
using ModelOpt.Search.Schedulers.Pbt;

namespace ModelOpt.Search.Schedulers;

/// <summary>Schedulers by the name a spec uses; immutable (<see cref="With"/> makes a new one). Adding a built-in scheduler is one line here.</summary>
public sealed class SchedulerCatalog
{
    public static SchedulerCatalog BuiltIn { get; } = new(NamedFactories<Func<SchedulerContext, ITrialScheduler>>.Of(new Dictionary<string, Func<SchedulerContext, ITrialScheduler>>
    {
        ["fifo"] = c => new FifoScheduler(c),
        ["asha"] = c => new AshaScheduler(c),
        ["hyperband"] = c => new HyperbandScheduler(c),
        ["median"] = c => new MedianStoppingScheduler(c),
        ["patience"] = c => new PatienceScheduler(c),
        ["pbt"] = c => new PbtScheduler(c),
    }));

    private readonly NamedFactories<Func<SchedulerContext, ITrialScheduler>> _factories;

    private SchedulerCatalog(NamedFactories<Func<SchedulerContext, ITrialScheduler>> factories) => _factories = factories;

    /// <summary>Every name, in ordinal order.</summary>
    public IReadOnlyCollection<string> Names => _factories.Names;

    /// <summary>This catalog with <paramref name="name"/> added, or replaced (tests and plug-ins).</summary>
    public SchedulerCatalog With(string name, Func<SchedulerContext, ITrialScheduler> factory) => new(_factories.With(name, factory));

    /// <summary>Builds the scheduler; throws <see cref="SpecException"/> listing every bad option.</summary>
    public ITrialScheduler Create(string name, SchedulerContext context)
    {
        var factory = _factories.Get(name, "scheduler.type", "scheduler");
        // Any scheduler may add per-trial early stopping; read it first so the scheduler doesn't see it as unknown.
        var earlyStopping = name == "patience" ? null : context.Options.Nested("earlyStopping");
        var scheduler = factory(context);
        if (earlyStopping is not null)
            scheduler = new CombinedScheduler(scheduler, new PatienceScheduler(context.Objective, earlyStopping));
        context.Options.ThrowIfInvalid();
        return scheduler;
    }
}
