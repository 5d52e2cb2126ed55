using Xunit;

namespace ModelOpt.Node.Tests.Dashboard;

/// <summary>A test that drives a real Chromium; skipped, saying why, only where Chromium or its driver is not installed.</summary>
internal class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Browser.Unavailable is { } reason) Skip = reason;
    }
}
