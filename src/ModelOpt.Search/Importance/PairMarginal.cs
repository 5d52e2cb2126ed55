namespace ModelOpt.Search.Importance;

/// <summary>
/// The forest's prediction for a pair of parameters with every other parameter averaged out, on a grid:
/// <see cref="Values"/>[i, j] at <see cref="XCenters"/>[i], <see cref="YCenters"/>[j]. Centers are in the features'
/// own coordinates: unit-interval positions for numbers (their present part, [0, 1]), level indexes for categories.
/// </summary>
public sealed record PairMarginal(ImportanceFeature X, ImportanceFeature Y, IReadOnlyList<double> XCenters, IReadOnlyList<double> YCenters, double[,] Values);
