using static TorchSharp.torch;

namespace ModelOpt.Training.Trainer;

/// <summary>
/// A slice of an epoch's shuffled training rows, gathered in one index_select so that each batch inside it is a view:
/// two gathers per slice instead of two per step, the launches and allocations a bare loop over contiguous batches
/// does not have. The slice is sized by the caller (a bounded number of bytes); it lives across steps, outside their
/// dispose scopes, and is replaced when a batch starts past it.
/// </summary>
internal sealed class GatheredRows : IDisposable
{
    private Tensor? _features, _labels;
    private long _start, _length;

    /// <summary>Makes sure the rows from <paramref name="start"/> on are gathered, gathering the next slice if not.</summary>
    public void Cover(long start, long sliceLength, Tensor order, Tensor features, Tensor labels)
    {
        if (_features is not null && start >= _start && start < _start + _length) return;
        Dispose();
        _start = start;
        _length = sliceLength;
        using var indices = order.narrow(0, start, _length);
        _features = features.index_select(0, indices);
        _labels = labels.index_select(0, indices);
    }

    /// <summary>The batch of <paramref name="length"/> rows at <paramref name="start"/>, as views into the slice (in the caller's dispose scope).</summary>
    public (Tensor Features, Tensor Labels) Batch(long start, long length) =>
        (_features!.narrow(0, start - _start, length), _labels!.narrow(0, start - _start, length));

    public void Dispose()
    {
        _features?.Dispose();
        _labels?.Dispose();
        _features = _labels = null;
    }
}
