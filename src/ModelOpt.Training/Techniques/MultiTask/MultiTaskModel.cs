using static TorchSharp.torch;

namespace ModelOpt.Training.Techniques.MultiTask;

/// <summary>
/// A shared trunk with one classification head per task: the family's model is built with as many outputs as all
/// tasks' classes together, so its last linear layer holds every head side by side (head t's rows see only task t's
/// loss). <see cref="forward"/> returns the primary task's logits, so the trainer, evaluator and other techniques
/// treat the model as a plain classifier; <see cref="LastOutputs"/> keeps the most recent forward's full output for
/// the multi-task loss of the same step. The module keeps the inner model's name (its family).
/// </summary>
public sealed class MultiTaskModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> net;
    private readonly long[] _offsets;
    private readonly long[] _classes;

    public MultiTaskModel(nn.Module<Tensor, Tensor> net, IReadOnlyList<int> classesPerTask) : base(net.GetName())
    {
        this.net = net;
        _classes = [.. classesPerTask.Select(c => (long)c)];
        _offsets = new long[_classes.Length];
        for (var t = 1; t < _classes.Length; t++) _offsets[t] = _offsets[t - 1] + _classes[t - 1];
        RegisterComponents();
    }

    public int Tasks => _classes.Length;

    /// <summary>The full output of the latest <see cref="forward"/> call (owned by that call's dispose scope).</summary>
    public Tensor? LastOutputs { get; private set; }

    public override Tensor forward(Tensor input)
    {
        var outputs = net.forward(input);
        LastOutputs = outputs;
        return Head(outputs, 0);
    }

    /// <summary>Every task's logits side by side, without touching <see cref="LastOutputs"/>.</summary>
    public Tensor ForwardAll(Tensor input) => net.forward(input);

    /// <summary>Task <paramref name="task"/>'s logits within a full output.</summary>
    public Tensor Head(Tensor outputs, int task) => outputs.narrow(1, _offsets[task], _classes[task]);

    /// <summary>The rows of <paramref name="task"/>'s head within the last layer's <c>[outputs, inputs]</c> weight.</summary>
    public (long Offset, long Count) HeadRows(int task) => (_offsets[task], _classes[task]);
}
