namespace ModelOpt.Node.Endpoint;

/// <summary>Where the command endpoint listens once started (the real port when 0 was asked for); null before.</summary>
public sealed class EndpointAddress
{
    public Uri? Url { get; internal set; }
}
