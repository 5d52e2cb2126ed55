using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Importance;

/// <summary>
/// Parameter importance of a search by fANOVA (<see cref="FunctionalAnova"/>) over a <see cref="RandomForest"/> fitted
/// to the completed trials' objective values; the fitted forest also answers pair marginals (contour plots).
/// </summary>
public sealed class ImportanceAnalysis
{
    /// <summary>Fewer points than this say nothing about importance.</summary>
    public const int MinPoints = 5;

    private readonly RandomForest _forest;

    private ImportanceAnalysis(RandomForest forest, int points)
    {
        _forest = forest;
        Points = points;
        Parameters = FunctionalAnova.Importances(forest);
    }

    /// <summary>Most important first.</summary>
    public IReadOnlyList<ParameterImportance> Parameters { get; }

    public int Points { get; }

    public IReadOnlyList<ImportanceFeature> Features => _forest.Features;

    /// <summary>The analysis, or null when there are fewer than <see cref="MinPoints"/> finite points or nothing varies.</summary>
    public static ImportanceAnalysis? Of(SearchSpace space, IEnumerable<(Config Config, double Value)> points, ForestSettings? settings = null)
    {
        var inputs = ImportanceInputs.Encode(space, points);
        if (inputs.Rows < MinPoints || inputs.Features.Count == 0) return null;
        return new ImportanceAnalysis(RandomForest.Fit(inputs, settings ?? new ForestSettings()), inputs.Rows);
    }

    /// <summary>The pair's marginal; null when either name is not an analysed parameter.</summary>
    public PairMarginal? Pair(string x, string y, int cells = 32)
    {
        var i = IndexOf(x);
        var j = IndexOf(y);
        return i < 0 || j < 0 || i == j ? null : FunctionalAnova.Pair(_forest, i, j, cells);
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _forest.Features.Count; i++)
            if (_forest.Features[i].Name == name) return i;
        return -1;
    }
}
