using Xunit;

namespace ModelOpt.Node.Tests.Deployment;

/// <summary>A theory that is skipped, with the reason shown, where kubectl is not installed.</summary>
internal sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (Kubectl.Path is null) Skip = "kubectl is not on PATH, so the k8s/ manifests cannot be rendered";
    }
}
