namespace ModelOpt.Training.Data;

public enum DatasetKind { Mnist, Idx, Csv, Synthetic }

/// <summary>
/// Where a workload's data comes from and how it is split; read from the workload options by
/// <see cref="DatasetCatalog.ReadOptions"/>. Paths are resolved when read.
/// </summary>
/// <param name="Images">IDX images file (mnist, idx).</param>
/// <param name="Labels">IDX labels file (mnist, idx).</param>
/// <param name="CsvPath">CSV file (csv).</param>
/// <param name="LabelColumn">The CSV column holding the class (csv).</param>
/// <param name="FeatureColumns">The CSV feature columns; null for every other column.</param>
/// <param name="Synthetic">blobs or images (synthetic).</param>
/// <param name="Limit">Use only the first N rows of the file; null for all.</param>
/// <param name="SplitSeed">Seed of the split; fixed per search so every trial sees the same rows.</param>
/// <param name="Selection">A subset of classes and a cap on training rows per class; null for all.</param>
public sealed record DatasetOptions(
    DatasetKind Kind,
    string? Images,
    string? Labels,
    string? CsvPath,
    string LabelColumn,
    IReadOnlyList<string>? FeatureColumns,
    string Synthetic,
    int SyntheticSamples,
    int SyntheticFeatures,
    int SyntheticClasses,
    int SyntheticImageSize,
    int? Limit,
    SplitSizes Sizes,
    ulong SplitSeed,
    ClassSelection? Selection = null)
{
    /// <summary>Images get [0,1] scaling by default, tabular features standardization.</summary>
    public bool IsImage => Kind is DatasetKind.Mnist or DatasetKind.Idx || (Kind == DatasetKind.Synthetic && Synthetic == "images");
}
