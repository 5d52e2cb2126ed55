namespace ModelOpt.Training.Data;

/// <summary>
/// An image data set from an IDX images file ([N, H, W]) and an IDX labels file ([N]): MNIST, Fashion-MNIST or the
/// subset the repository ships. Pixels stay raw (0..255); scaling is preprocessing's job.
/// </summary>
public static class IdxDatasetLoader
{
    public static RawDataset Load(string name, string imagesPath, string labelsPath)
    {
        var images = IdxReader.Read(imagesPath);
        var labels = IdxReader.Read(labelsPath);
        if (images.Dimensions.Length != 3)
            throw new DatasetFormatException($"{imagesPath}: an images file has 3 dimensions [N, height, width], this one has {images.Dimensions.Length}");
        if (labels.Dimensions.Length != 1)
            throw new DatasetFormatException($"{labelsPath}: a labels file has 1 dimension [N], this one has {labels.Dimensions.Length}");
        if (images.Count != labels.Count)
            throw new DatasetFormatException($"{imagesPath} holds {images.Count} images but {labelsPath} holds {labels.Count} labels");

        var features = new float[images.Data.Length];
        for (var i = 0; i < features.Length; i++) features[i] = images.Data[i];
        var classLabels = new long[labels.Count];
        for (var i = 0; i < classLabels.Length; i++) classLabels[i] = labels.Data[i];
        var numClasses = (int)classLabels.Max() + 1;
        var classNames = Enumerable.Range(0, numClasses).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return new RawDataset(name, features, [1, images.Dimensions[1], images.Dimensions[2]], classLabels, classNames);
    }
}
