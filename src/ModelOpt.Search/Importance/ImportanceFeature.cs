namespace ModelOpt.Search.Importance;

/// <summary>
/// One input column of an importance analysis. Numeric columns span [<see cref="Low"/>, <see cref="High"/>] (the
/// parameter's unit interval in the spec's own scale, widened to [-1, 1] when the parameter is absent from some trials,
/// absent ones sitting at -0.5); categorical columns hold a level index below <see cref="Levels"/>.
/// </summary>
public sealed record ImportanceFeature(string Name, double Low, double High, int Levels)
{
    public bool IsCategorical => Levels > 0;

    /// <summary>The column's extent: its interval's length, or its number of levels.</summary>
    public double Width => IsCategorical ? Levels : High - Low;

    public static ImportanceFeature Numeric(string name, double low, double high) => new(name, low, high, 0);

    public static ImportanceFeature Categorical(string name, int levels) => new(name, 0, levels, levels);
}
