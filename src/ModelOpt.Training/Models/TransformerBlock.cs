using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelOpt.Training.Models;

/// <summary>A pre-norm transformer encoder block: x + attention(norm(x)), then x + mlp(norm(x)).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm attentionNorm;
    private readonly SelfAttention attention;
    private readonly LayerNorm mlpNorm;
    private readonly Sequential mlp;

    public TransformerBlock(long dim, long heads, long mlpUnits, nn.Module<Tensor, Tensor> activation, double dropout) : base(nameof(TransformerBlock))
    {
        attentionNorm = nn.LayerNorm(dim);
        attention = new SelfAttention(dim, heads);
        mlpNorm = nn.LayerNorm(dim);
        mlp = nn.Sequential(nn.Linear(dim, mlpUnits), activation, nn.Dropout(dropout), nn.Linear(mlpUnits, dim));
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var x = tokens + attention.call(attentionNorm.call(tokens));
        return (x + mlp.call(mlpNorm.call(x))).MoveToOuterDisposeScope();
    }
}
