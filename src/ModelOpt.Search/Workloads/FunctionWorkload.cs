using System.Diagnostics;
using ModelOpt.Search.Functions;
using ModelOpt.Search.Spaces;
using ModelOpt.Search.Specs;

namespace ModelOpt.Search.Workloads;

/// <summary>
/// <c>workload: {kind: function, function: branin}</c>: evaluates a synthetic test function on the trial's
/// <c>x0 … x{d-1}</c> and reports it as metric <c>value</c> after one epoch (epoch <c>StartEpoch + 1</c>, so a PBT
/// exploit that resumes a trial continues its curve rather than reporting epoch 1 again). Optional <c>noise</c> adds Gaussian
/// noise with that standard deviation, drawn from the trial's seed so a rerun gives the same value.
/// </summary>
public sealed class FunctionWorkload : ISpecCheckingWorkload
{
    public const string Kind = "function";
    public const string Metric = "value";

    /// <summary>The functions by name; each factory reads the options only it understands.</summary>
    private static readonly IReadOnlyDictionary<string, Func<AlgorithmOptions, ITestFunction>> Functions =
        new Dictionary<string, Func<AlgorithmOptions, ITestFunction>>(StringComparer.Ordinal)
        {
            ["branin"] = _ => new Branin(),
            ["hartmann6"] = _ => new Hartmann6(),
            ["rosenbrock"] = o => new Rosenbrock(o.Int("dimensions", 2, min: 2, max: 1000)),
        };

    private readonly ITestFunction _function;
    private readonly double _noise;

    public FunctionWorkload(ITestFunction function, double noise = 0)
    {
        _function = function;
        _noise = noise;
    }

    public ITestFunction Function => _function;

    /// <summary>An evaluation takes microseconds.</summary>
    public bool NeverBlocks => true;

    /// <summary>The registry's factory: reads and validates the options, throwing <see cref="SpecException"/> with all problems.</summary>
    public static FunctionWorkload Create(WorkloadSpec spec, AlgorithmOptions options)
    {
        if (!options.Has("function"))
            options.AddError("function", $"required; one of {string.Join(", ", Functions.Keys)}");
        var name = options.String("function", "", [.. Functions.Keys]);
        var noise = options.Double("noise", 0, min: 0);
        var function = Functions.TryGetValue(name, out var factory) ? factory(options) : null;
        options.RejectUnknown();
        options.ThrowIfInvalid();
        return new FunctionWorkload(function!, noise);
    }

    public Task<TrialResult> RunAsync(TrialContext context, Action<EpochReport> report, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var started = Stopwatch.GetTimestamp();
        double value;
        try
        {
            value = _function.Evaluate(context.Config);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
        {
            throw new TrialFailedException(FailureKind.BadConfig, $"function '{_function.Name}' cannot read the configuration: {e.Message}", e);
        }
        if (_noise > 0) value += DeterministicRandom.Derive(context.Seed, "function-noise").Normal(0, _noise);

        var metrics = new Dictionary<string, double> { [Metric] = value };
        report(new EpochReport(context.StartEpoch + 1, metrics, Stopwatch.GetElapsedTime(started).TotalSeconds));
        return Task.FromResult(new TrialResult(metrics));
    }

    public IEnumerable<SpecError> CheckSpec(SearchSpace space, Objective objective)
    {
        if (objective.Metric != Metric)
            yield return new SpecError("objective.metric", $"the function workload reports '{Metric}', got '{objective.Metric}'");

        var needed = _function.Space.Parameters.Select(p => p.Name).ToList();
        var missing = needed.Where(n => !space.Contains(n)).ToList();
        if (missing.Count > 0)
            yield return new SpecError("space", $"function '{_function.Name}' needs parameters {string.Join(", ", needed)}; missing {string.Join(", ", missing)}");
        foreach (var parameter in space.Parameters)
        {
            var path = $"space.{parameter.Name}";
            if (!needed.Contains(parameter.Name))
                yield return new SpecError(path, $"function '{_function.Name}' reads only {string.Join(", ", needed)}");
            else if (parameter.IsConditional)
                yield return new SpecError(path, "a function's inputs cannot be conditional");
            else if (!IsNumeric(parameter.Domain))
                yield return new SpecError(path, "a function's inputs must be numbers (float, int, or numeric categorical or constant)");
        }
    }

    private static bool IsNumeric(Domain domain) => domain switch
    {
        FloatDomain or IntDomain => true,
        CategoricalDomain c => c.Choices.All(v => v.IsNumeric),
        ConstantDomain k => k.Value.IsNumeric,
        _ => false,
    };
}
