using System.Buffers.Binary;
using System.IO.Compression;

namespace ModelOpt.Training.Data;

/// <summary>One IDX file: its dimensions and its unsigned-byte payload.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    public int Count => Dimensions[0];
}

/// <summary>
/// Reads the IDX format of MNIST and Fashion-MNIST (gzipped or plain; gzip is detected from the file's first bytes).
/// Only the unsigned-byte element type those data sets use is supported. Every defect is reported with the file name.
/// </summary>
public static class IdxReader
{
    private const byte UnsignedByte = 0x08;

    public static IdxArray Read(string path)
    {
        if (!File.Exists(path)) throw new DatasetFormatException($"{path}: file not found");
        byte[] bytes;
        try
        {
            bytes = IsGzip(path) ? Gunzip(path) : File.ReadAllBytes(path);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetFormatException($"{path}: corrupt gzip data ({e.Message})", e);
        }
        return Parse(path, bytes);
    }

    private static IdxArray Parse(string path, byte[] bytes)
    {
        if (bytes.Length < 4) throw new DatasetFormatException($"{path}: too short for an IDX header ({bytes.Length} bytes)");
        if (bytes[0] != 0 || bytes[1] != 0)
            throw new DatasetFormatException($"{path}: bad magic number 0x{BinaryPrimitives.ReadUInt32BigEndian(bytes):X8} (an IDX file starts with two zero bytes)");
        if (bytes[2] != UnsignedByte)
            throw new DatasetFormatException($"{path}: element type 0x{bytes[2]:X2} is not supported (only unsigned bytes, 0x08)");
        var rank = bytes[3];
        if (rank is 0 or > 4) throw new DatasetFormatException($"{path}: {rank} dimensions is not a plausible IDX rank");
        var headerLength = 4 + 4 * rank;
        if (bytes.Length < headerLength) throw new DatasetFormatException($"{path}: truncated header ({bytes.Length} of {headerLength} bytes)");
        var dims = new int[rank];
        long expected = 1;
        for (var d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] <= 0) throw new DatasetFormatException($"{path}: dimension {d} has size {dims[d]}");
            expected *= dims[d];
        }
        var payload = bytes.LongLength - headerLength;
        if (payload != expected)
            throw new DatasetFormatException(payload < expected
                ? $"{path}: truncated: the header promises {expected} bytes of data ({string.Join("x", dims)}) but {payload} follow"
                : $"{path}: {payload - expected} unexpected bytes after the {expected} bytes of data");
        return new IdxArray(dims, bytes[headerLength..]);
    }

    private static bool IsGzip(string path)
    {
        using var stream = File.OpenRead(path);
        return stream.ReadByte() == 0x1f && stream.ReadByte() == 0x8b;
    }

    private static byte[] Gunzip(string path)
    {
        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }
}
