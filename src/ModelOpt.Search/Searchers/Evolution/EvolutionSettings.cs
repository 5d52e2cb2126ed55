namespace ModelOpt.Search.Searchers.Evolution;

/// <summary>The <c>evolution</c> searcher's options.</summary>
internal sealed record EvolutionSettings(int PopulationSize, int SampleSize, int MutateCount)
{
    public static EvolutionSettings Read(AlgorithmOptions options)
    {
        var population = options.Int("populationSize", 20, min: 2, max: 100_000);
        var sample = options.Int("sampleSize", 5, min: 1, max: 100_000);
        if (sample > population) options.AddError("sampleSize", $"must not exceed populationSize ({population}), got {sample}");
        var settings = new EvolutionSettings(population, Math.Min(sample, population), options.Int("mutateCount", 1, min: 1, max: 1000));
        options.RejectUnknown();
        return settings;
    }
}
