using Xunit;

namespace ModelOpt.Node.Tests.Support;

/// <summary>A fact that is skipped, with the reason shown, where Prometheus and promtool are not installed.</summary>
internal sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusTools.Unavailable is { } reason) Skip = reason;
    }
}
