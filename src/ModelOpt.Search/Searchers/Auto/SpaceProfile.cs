using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Auto;

/// <summary>What the automatic searcher looks at in a space: how many numeric and categorical parameters it has, how many dimensions a GP would model, and whether parameters are conditional.</summary>
public sealed record SpaceProfile(int Numeric, int Categorical, int CategoricalChoices, bool Conditional)
{
    /// <summary>Columns of the GP's encoding: one per number, one per categorical choice.</summary>
    public int ModelDimensions => Numeric + CategoricalChoices;

    public static SpaceProfile Of(SearchSpace space)
    {
        int numeric = 0, categorical = 0, choices = 0;
        foreach (var p in space.Parameters)
        {
            switch (p.Domain)
            {
                case FloatDomain or IntDomain when p.Domain.Cardinality is not 1:
                    numeric++;
                    break;
                case CategoricalDomain c when c.Choices.Count > 1:
                    categorical++;
                    choices += c.Choices.Count;
                    break;
            }
        }
        return new SpaceProfile(numeric, categorical, choices, space.HasConditions);
    }
}
