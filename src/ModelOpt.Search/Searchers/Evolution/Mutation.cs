using ModelOpt.Search.Searchers.Random;
using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Evolution;

/// <summary>
/// Changes a few parameters of a parent config. A categorical takes another choice; a number is either nudged
/// in unit space or redrawn, half the time each. Children that a change activates get uniform values and
/// children it deactivates disappear (through <see cref="SearchSpace.Repair"/>).
/// </summary>
internal static class Mutation
{
    private const double PerturbScale = 0.1;
    private const int MaxRedraws = 64;

    public static Config Mutate(SearchSpace space, Config parent, int count, DeterministicRandom random)
    {
        var mutable = space.Parameters
            .Where(p => parent.ContainsKey(p.Name) && p.Domain.Cardinality is not 1)
            .ToList();
        random.Shuffle(mutable);
        var child = parent;
        foreach (var p in mutable.Take(count))
            child = child.With(p.Name, Different(p.Domain, parent[p.Name], random));
        return space.Repair(child, (p, _) => RandomSearcher.SampleUniform(p.Domain, random));
    }

    private static ParameterValue Different(Domain domain, ParameterValue current, DeterministicRandom random)
    {
        if (domain is CategoricalDomain c)
        {
            var index = c.IndexOf(current);
            var other = random.NextInt(c.Choices.Count - 1);
            return c.Choices[other >= index ? other + 1 : other];
        }
        for (var attempt = 0; attempt < MaxRedraws; attempt++)
        {
            var candidate = random.NextDouble() < 0.5
                ? RandomSearcher.SampleUniform(domain, random)
                : UnitScale.FromUnit(domain, UnitScale.ToUnit(domain, current) + random.Normal(0, PerturbScale));
            if (!candidate.Equals(current)) return candidate;
        }
        return current;
    }
}
