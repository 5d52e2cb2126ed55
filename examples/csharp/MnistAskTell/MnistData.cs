using System.IO.Compression;
using TorchSharp;
using static TorchSharp.torch;

namespace MnistAskTell;

/// <summary>The repository's MNIST subset (gzipped IDX files): images as floats in [0, 1], flattened, and their labels.</summary>
public static class MnistData
{
    public static (Tensor Images, Tensor Labels) Load(string directory, int? limit)
    {
        var pixels = ReadIdx(Path.Combine(directory, "images-idx3-ubyte.gz"), out var imageShape);
        var labels = ReadIdx(Path.Combine(directory, "labels-idx1-ubyte.gz"), out _);
        var count = Math.Min(limit ?? imageShape[0], imageShape[0]);
        var size = imageShape[1] * imageShape[2];
        var images = tensor(pixels.AsSpan(0, count * size).ToArray(), [count, size]).to_type(ScalarType.Float32).div_(255f);
        return (images, tensor(labels.AsSpan(0, count).ToArray(), [count]).to_type(ScalarType.Int64));
    }

    /// <summary>An IDX file: big-endian magic (type and dimension count), the dimensions, then unsigned bytes.</summary>
    private static byte[] ReadIdx(string path, out int[] shape)
    {
        using var input = new BinaryReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var magic = ReadBigEndian(input);
        shape = [.. Enumerable.Range(0, magic & 0xFF).Select(_ => ReadBigEndian(input))];
        var length = shape.Aggregate(1, (a, b) => a * b);
        var data = input.ReadBytes(length);
        return data.Length == length ? data : throw new InvalidDataException($"{path}: {data.Length} bytes where the header promises {length}");
    }

    private static int ReadBigEndian(BinaryReader input)
    {
        var bytes = input.ReadBytes(4);
        return bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3];
    }
}
