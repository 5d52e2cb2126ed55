using System.IO.Compression;
using System.Text;
using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.Pruning;

/// <summary>
/// A pruned model's weights in a compact file (<c>model.sparse.gz</c>): every state-dict entry by name and shape;
/// prunable weights as a bitmap of their non-zero positions (one bit per value) followed by only the non-zero
/// values, everything else dense; the whole stream gzip-compressed. At sparsity s a weight costs about
/// 1/8 + 4·(1−s) bytes per value instead of 4. <see cref="Load"/> restores the exact weights into a model of the
/// same architecture.
/// </summary>
public static class SparseModelFile
{
    public const string FileName = "model.sparse.gz";
    private const string Magic = "MOPT-SPARSE-1";
    private enum Kind : byte { DenseFloat = 0, SparseFloat = 1, DenseLong = 2 }

    public static void Save(nn.Module model, string path)
    {
        var prunable = PrunableWeights.Of(model).Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        var entries = model.state_dict();
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8);
        writer.Write(Magic);
        writer.Write(entries.Count);
        foreach (var (name, tensor) in entries)
        {
            using var cpu = tensor.detach().cpu();
            writer.Write(name);
            writer.Write(cpu.shape.Length);
            foreach (var d in cpu.shape) writer.Write(d);
            if (cpu.dtype == ScalarType.Int64)
            {
                writer.Write((byte)Kind.DenseLong);
                foreach (var v in cpu.data<long>()) writer.Write(v);
            }
            else if (cpu.dtype != ScalarType.Float32) throw new NotSupportedException($"{name}: cannot export a {cpu.dtype} tensor");
            else if (prunable.Contains(name)) WriteSparse(writer, cpu.data<float>().ToArray());
            else
            {
                writer.Write((byte)Kind.DenseFloat);
                foreach (var v in cpu.data<float>()) writer.Write(v);
            }
        }
    }

    /// <summary>Copies the file's values into <paramref name="model"/>, whose state dict must have the same names and shapes.</summary>
    public static void Load(string path, nn.Module model)
    {
        var entries = model.state_dict();
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new BinaryReader(gzip, Encoding.UTF8);
        if (reader.ReadString() != Magic) throw new InvalidDataException($"{path}: not a sparse model file");
        var count = reader.ReadInt32();
        using var noGrad = no_grad();
        for (var e = 0; e < count; e++)
        {
            var name = reader.ReadString();
            var shape = new long[reader.ReadInt32()];
            for (var d = 0; d < shape.Length; d++) shape[d] = reader.ReadInt64();
            if (!entries.TryGetValue(name, out var target)) throw new InvalidDataException($"{path}: the model has no '{name}'");
            var n = shape.Aggregate(1L, (a, b) => a * b);
            using var values = (Kind)reader.ReadByte() switch
            {
                Kind.DenseLong => tensor(Enumerable.Range(0, (int)n).Select(_ => reader.ReadInt64()).ToArray(), shape),
                Kind.DenseFloat => tensor(Enumerable.Range(0, (int)n).Select(_ => reader.ReadSingle()).ToArray(), shape),
                Kind.SparseFloat => tensor(ReadSparse(reader, n), shape),
                var kind => throw new InvalidDataException($"{path}: unknown entry kind {kind} for '{name}'"),
            };
            target.copy_(values);
        }
    }

    private static void WriteSparse(BinaryWriter writer, float[] values)
    {
        writer.Write((byte)Kind.SparseFloat);
        var bitmap = new byte[(values.Length + 7) / 8];
        for (var i = 0; i < values.Length; i++)
            if (values[i] != 0) bitmap[i >> 3] |= (byte)(1 << (i & 7));
        writer.Write(bitmap);
        foreach (var v in values)
            if (v != 0) writer.Write(v);
    }

    private static float[] ReadSparse(BinaryReader reader, long count)
    {
        var bitmap = reader.ReadBytes((int)((count + 7) / 8));
        var values = new float[count];
        for (var i = 0; i < count; i++)
            if ((bitmap[i >> 3] & (1 << (i & 7))) != 0) values[i] = reader.ReadSingle();
        return values;
    }
}
