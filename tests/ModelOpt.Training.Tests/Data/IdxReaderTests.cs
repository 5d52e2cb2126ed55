using System.IO.Compression;
using ModelOpt.Training.Data;
using Xunit;

namespace ModelOpt.Training.Tests.Data;

public class IdxReaderTests
{
    private readonly string _dir = TestData.TempDirectory();

    private static byte[] Idx(byte type, int[] dims, int payload)
    {
        var header = new List<byte> { 0, 0, type, (byte)dims.Length };
        foreach (var d in dims) header.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(d)));
        return header.Concat(Enumerable.Range(0, payload).Select(i => (byte)(i % 251))).ToArray();
    }

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        var path = Path.Combine(_dir, name);
        if (!gzip) { File.WriteAllBytes(path, bytes); return path; }
        using var file = File.Create(path);
        using var zip = new GZipStream(file, CompressionLevel.Fastest);
        zip.Write(bytes);
        return path;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_dimensions_and_payload_plain_or_gzipped(bool gzip)
    {
        var path = Write("images", Idx(0x08, [3, 2, 2], 12), gzip);
        var array = IdxReader.Read(path);
        Assert.Equal([3, 2, 2], array.Dimensions);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)i), array.Data);
    }

    [Fact]
    public void A_bad_magic_number_is_named_with_the_file()
    {
        var bytes = Idx(0x08, [2], 2);
        bytes[0] = 0x1a;
        var path = Write("bad-magic", bytes);
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void A_truncated_file_says_how_much_is_missing()
    {
        var path = Write("truncated.gz", Idx(0x08, [10, 4, 4], 100), gzip: true);
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("160", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Corrupt_gzip_data_is_reported_as_such()
    {
        var good = File.ReadAllBytes(Write("good.gz", Idx(0x08, [50, 4, 4], 800), gzip: true));
        for (var i = 12; i < good.Length - 8; i++) good[i] ^= 0x5a;
        var path = Write("corrupt.gz", good);
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Element_types_other_than_unsigned_bytes_are_rejected()
    {
        var path = Write("floats", Idx(0x0D, [2], 8));
        var e = Assert.Throws<DatasetFormatException>(() => IdxReader.Read(path));
        Assert.Contains("0x0D", e.Message);
    }

    [Fact]
    public void Images_and_labels_must_agree_on_the_count()
    {
        var images = Write("i", Idx(0x08, [3, 2, 2], 12));
        var labels = Write("l", Idx(0x08, [4], 4));
        var e = Assert.Throws<DatasetFormatException>(() => IdxDatasetLoader.Load("x", images, labels));
        Assert.Contains("3 images", e.Message);
        Assert.Contains("4 labels", e.Message);
    }

    [Fact]
    public void The_shipped_mnist_subset_loads_with_ten_balanced_classes()
    {
        var directory = DataLocator.FindShippedMnist();
        Assert.NotNull(directory);
        var (images, labels) = DataLocator.FindIdxPair(directory!)!.Value;
        var mnist = IdxDatasetLoader.Load("mnist", images, labels);
        Assert.Equal(10_000, mnist.Count);
        Assert.Equal([1L, 28, 28], mnist.SampleShape);
        Assert.Equal(10, mnist.NumClasses);
        Assert.Equal(255f, mnist.Features.Max());
        Assert.All(Enumerable.Range(0, 10), c => Assert.InRange(mnist.Labels.Count(l => l == c), 800, 1200));
    }
}
