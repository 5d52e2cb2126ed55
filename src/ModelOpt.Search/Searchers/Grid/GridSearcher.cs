using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Grid;

/// <summary>
/// Tries every combination of the grid values once, in a fixed order (or a seeded shuffle of it), then suggests
/// nothing. A conditional parameter is only varied where it is active, so no two points differ only in a
/// parameter that does not exist. Continuous floats get <c>pointsPerFloat</c> evenly spaced values.
/// </summary>
public sealed class GridSearcher : ISearcher
{
    /// <summary>Shuffling needs the whole grid in memory; beyond this many points the spec is rejected.</summary>
    public const int MaxShuffledPoints = 1_000_000;

    private readonly IEnumerator<Config> _points;
    private readonly Dictionary<string, Config> _accepted = new(StringComparer.Ordinal);
    private Config? _next;
    private bool _exhausted;

    public GridSearcher(SearcherContext context)
    {
        var options = context.Options;
        var pointsPerFloat = options.Int("pointsPerFloat", 5, min: 0, max: 10_000);
        var shuffle = options.Bool("shuffle", false);
        options.RejectUnknown();

        var space = context.Space;
        var values = new Dictionary<string, IReadOnlyList<ParameterValue>>(StringComparer.Ordinal);
        foreach (var p in space.Parameters)
        {
            var grid = GridPoints.For(p.Domain, pointsPerFloat);
            if (grid is null)
                options.AddError("pointsPerFloat", $"is 0 but parameter '{p.Name}' is continuous; give it a step or set pointsPerFloat >= 1");
            else
                values[p.Name] = grid;
        }
        if (values.Count < space.Parameters.Count)
        {
            _points = Enumerable.Empty<Config>().GetEnumerator();
            return;
        }

        var all = Enumerate(space, values);
        if (shuffle)
        {
            var list = new List<Config>();
            foreach (var config in all)
            {
                if (list.Count == MaxShuffledPoints)
                {
                    options.AddError("shuffle", $"the grid has more than {MaxShuffledPoints} points, too many to shuffle");
                    break;
                }
                list.Add(config);
            }
            DeterministicRandom.Derive(context.Seed, "grid-shuffle").Shuffle(list);
            all = list;
        }
        _points = all.GetEnumerator();
    }

    public Config? Suggest(string trialId) => _accepted.TryGetValue(trialId, out var again) ? again : Next();

    /// <summary>The grid moves on when its next point is accepted; an outside config is remembered but skips no point.</summary>
    public void Accept(string trialId, Config config)
    {
        if (!_accepted.TryAdd(trialId, config)) return;
        if (config.Equals(Next())) _next = null;
    }

    /// <summary>The first point not yet accepted, or null once the grid is exhausted.</summary>
    private Config? Next()
    {
        if (_next is null && !_exhausted)
        {
            if (_points.MoveNext()) _next = _points.Current;
            else _exhausted = true;
        }
        return _next;
    }

    public void OnReport(string trialId, int epoch, double objective) { }

    public void OnComplete(string trialId, TrialOutcome outcome) { }

    /// <summary>Depth-first over the parameters in dependency order, skipping each one that is inactive on the current path.</summary>
    private static IEnumerable<Config> Enumerate(SearchSpace space, IReadOnlyDictionary<string, IReadOnlyList<ParameterValue>> values)
    {
        var parameters = space.Parameters;
        if (parameters.Count == 0)
        {
            yield return Config.Empty;
            yield break;
        }
        var assigned = new Dictionary<string, ParameterValue>(StringComparer.Ordinal);
        var choice = new int[parameters.Count];
        var active = new bool[parameters.Count];
        var depth = 0;
        choice[0] = -1;
        while (depth >= 0)
        {
            if (depth == parameters.Count)
            {
                yield return space.Build((p, _) => assigned[p.Name]);
                depth--;
                continue;
            }
            var parameter = parameters[depth];
            if (choice[depth] == -1) active[depth] = space.IsActive(parameter, assigned);
            var count = active[depth] ? values[parameter.Name].Count : 1;
            choice[depth]++;
            if (choice[depth] >= count)
            {
                assigned.Remove(parameter.Name);
                choice[depth] = -1;
                depth--;
                continue;
            }
            if (active[depth]) assigned[parameter.Name] = values[parameter.Name][choice[depth]];
            depth++;
            if (depth < parameters.Count) choice[depth] = -1;
        }
    }
}
