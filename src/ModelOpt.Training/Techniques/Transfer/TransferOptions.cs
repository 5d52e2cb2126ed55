using ModelOpt.Search;

namespace ModelOpt.Training.Techniques.Transfer;

/// <summary>
/// <c>workload.transfer</c>: start from the weights of an earlier trial's checkpoint (<c>from</c>), with a freshly
/// initialised classifier head (<c>head: new</c>, for a new label set) or the checkpoint's (<c>head: keep</c>, same
/// label set). How many layers stay frozen is the configuration key <c>freezeLayers</c>, so it can be searched.
/// </summary>
public sealed record TransferOptions(CheckpointReference From, bool NewHead)
{
    public const string Key = "transfer";

    public static TransferOptions? Read(AlgorithmOptions options)
    {
        var from = CheckpointReference.Read(options, "from", "transfer's source checkpoint");
        var newHead = options.String("head", "new", "new", "keep") == "new";
        options.RejectUnknown();
        return from is null ? null : new TransferOptions(from, newHead);
    }
}
