using ModelOpt.Search;

namespace ModelOpt.Training.Data;

/// <summary>
/// A subset of a data set's classes (<c>selectClasses</c>) and a cap on training rows per class
/// (<c>trainPerClass</c>), for transfer to a new label set with few samples. Selected classes are renumbered 0..k-1
/// in the order listed and keep their names. The cap cuts only the training split, so validation stays as large
/// as the split options say.
/// </summary>
public sealed record ClassSelection(IReadOnlyList<int>? Classes, int? TrainPerClass)
{
    public static ClassSelection Read(AlgorithmOptions options)
    {
        IReadOnlyList<int>? classes = null;
        if (options.List("selectClasses") is { } list)
        {
            var ids = new List<int>();
            foreach (var item in list)
            {
                if (item is (long or int) && Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture) is >= 0 and <= int.MaxValue and var id)
                    ids.Add((int)id);
                else options.AddError("selectClasses", $"class ids must be integers ≥ 0, got '{item}'");
            }
            if (ids.Distinct().Count() != ids.Count) options.AddError("selectClasses", "class ids must not repeat");
            else if (ids.Count < 2) options.AddError("selectClasses", "select at least 2 classes");
            classes = ids;
        }
        int? perClass = options.Has("trainPerClass") ? options.Int("trainPerClass", 1, 1) : null;
        return new ClassSelection(classes, perClass);
    }

    /// <summary>Only the rows of the selected classes, relabelled 0..k-1 (the data set itself when none are selected).</summary>
    public RawDataset Apply(RawDataset data)
    {
        if (Classes is not { } classes) return data;
        foreach (var c in classes)
            if (c >= data.NumClasses)
                throw new DatasetFormatException($"selectClasses: class {c} is not in '{data.Name}', which has classes 0..{data.NumClasses - 1}");
        var newLabel = classes.Select((c, i) => (c, i)).ToDictionary(x => (long)x.c, x => (long)x.i);
        var rows = Enumerable.Range(0, data.Count).Where(r => newLabel.ContainsKey(data.Labels[r])).ToArray();
        var size = (int)data.SampleSize;
        var features = new float[rows.Length * size];
        for (var i = 0; i < rows.Length; i++) Array.Copy(data.Features, (long)rows[i] * size, features, (long)i * size, size);
        var labels = rows.Select(r => newLabel[data.Labels[r]]).ToArray();
        return new RawDataset(data.Name, features, data.SampleShape, labels, classes.Select(c => data.ClassNames[c]).ToArray());
    }

    /// <summary>The first <see cref="TrainPerClass"/> training rows of each class, in split order (all without a cap).</summary>
    public int[] CapTraining(int[] train, IReadOnlyList<long> labels)
    {
        if (TrainPerClass is not { } cap) return train;
        var taken = new Dictionary<long, int>();
        return train.Where(r => (taken[labels[r]] = taken.GetValueOrDefault(labels[r]) + 1) <= cap).ToArray();
    }
}
