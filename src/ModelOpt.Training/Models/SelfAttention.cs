using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>Multi-head scaled dot-product self-attention over [B, T, dim] tokens: one qkv projection, softmax, output projection.</summary>
public sealed class SelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear projection;
    private readonly long heads;
    private readonly double scale;

    public SelfAttention(long dim, long heads) : base(nameof(SelfAttention))
    {
        this.heads = heads;
        scale = 1.0 / Math.Sqrt(dim / heads);
        qkv = nn.Linear(dim, 3 * dim);
        projection = nn.Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var (batch, count, dim) = (tokens.shape[0], tokens.shape[1], tokens.shape[2]);
        // [B, T, 3·dim] -> [3, B, heads, T, dim/heads]
        var parts = qkv.call(tokens).reshape(batch, count, 3, heads, dim / heads).permute(2, 0, 3, 1, 4);
        var (q, k, v) = (parts[0], parts[1], parts[2]);
        var weights = softmax(matmul(q, k.transpose(-2, -1)) * scale, -1);
        var mixed = matmul(weights, v).transpose(1, 2).reshape(batch, count, dim);
        return projection.call(mixed).MoveToOuterDisposeScope();
    }
}
