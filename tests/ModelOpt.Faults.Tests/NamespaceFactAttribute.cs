using ModelOpt.Faults.Lab;
using Xunit;

namespace ModelOpt.Faults.Tests;

/// <summary>A test that needs network namespaces; skipped, with the reason, only where they cannot be created.</summary>
public sealed class NamespaceFactAttribute : FactAttribute
{
    public NamespaceFactAttribute()
    {
        if (NetworkLab.Unavailable() is { } reason) Skip = reason;
    }
}
