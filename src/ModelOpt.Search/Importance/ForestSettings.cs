namespace ModelOpt.Search.Importance;

/// <summary>
/// How <see cref="RandomForest"/> grows its trees. Each tree sees a bootstrap sample of at most
/// <see cref="MaxPointsPerTree"/> rows and is grown until its leaves are pure or hold one row, as in Hutter et al.'s
/// fANOVA; the cap keeps the cost of one analysis bounded on searches of any size.
/// </summary>
public sealed record ForestSettings(int Trees = 32, int MaxDepth = 32, int MinSamplesSplit = 2, int MaxPointsPerTree = 2000, ulong Seed = 1);
