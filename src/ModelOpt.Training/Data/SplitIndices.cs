namespace ModelOpt.Training.Data;

/// <summary>Row indices of a train / validation / test split (test may be empty).</summary>
public sealed record SplitIndices(int[] Train, int[] Validation, int[] Test);

/// <summary>How many rows go where: fractions of the data or fixed counts (counts win when given).</summary>
public sealed record SplitSizes(double TrainFraction, double ValidationFraction, double TestFraction, int? TrainCount = null, int? ValidationCount = null, int? TestCount = null)
{
    public (int Train, int Validation, int Test) For(int total)
    {
        var test = TestCount ?? (int)Math.Round(total * TestFraction);
        var validation = ValidationCount ?? (int)Math.Round(total * ValidationFraction);
        // Fractions that add up to one hand the rounding remainder to training rather than dropping rows.
        var fractionsCoverAll = Math.Abs(TrainFraction + ValidationFraction + TestFraction - 1) < 1e-9;
        var train = TrainCount ?? (fractionsCoverAll ? total - validation - test : (int)Math.Round(total * TrainFraction));
        if (train + validation + test > total)
            throw new DatasetFormatException($"split needs {train} train + {validation} validation + {test} test rows but the data set has {total}");
        if (train <= 0 || validation <= 0)
            throw new DatasetFormatException($"split of {total} rows leaves {train} train and {validation} validation rows; both must be positive");
        return (train, validation, test);
    }
}
