using ModelOpt.Search.Spaces;

namespace ModelOpt.Search.Searchers.Gp;

/// <summary>An accepted trial: its place in suggestion order, its config and encoding, and its loss once known.</summary>
internal sealed class GpTrial(int order, Config config, double[] encoded)
{
    public int Order { get; } = order;
    public Config Config { get; } = config;
    public double[] Encoded { get; } = encoded;
    public double? Loss { get; set; }
    public bool Ended { get; set; }
    public bool IsPending => !Ended;
}
