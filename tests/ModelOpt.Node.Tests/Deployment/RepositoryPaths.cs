namespace ModelOpt.Node.Tests.Deployment;

/// <summary>Locates files of the repository from the test's output directory.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Of(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "ModelOpt.Cluster.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no ModelOpt.Cluster.sln above {AppContext.BaseDirectory}");
    }
}
