namespace ModelOpt.Node.Tests.Support;

/// <summary>The node processes of one multi-process test and their scratch directory; disposing kills and removes them.</summary>
public sealed class NodeFleet(string directoryPrefix) : IDisposable
{
    private readonly List<NodeProcess> _nodes = [];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory(directoryPrefix).FullName;

    public NodeProcess Start(string roles, int port, int[] seeds, int slots = 1, string? journal = null,
        IEnumerable<string>? extraArguments = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var node = NodeProcess.Start(roles, port, seeds, slots, journal, extraArguments, environment);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with every node's output after <paramref name="deadline"/>.</summary>
    public async Task UntilAsync(Func<bool> condition, string what, TimeSpan deadline)
    {
        var end = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"not within {deadline.TotalSeconds:0} s: {what}\n{Logs()}");
            await Task.Delay(250);
        }
    }

    /// <summary>Every node's output, for assertion messages.</summary>
    public string Logs() => string.Join("\n", _nodes.Select(n => $"--- node {n.Port}\n{n.Log}"));

    public void Dispose()
    {
        foreach (var node in _nodes) node.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
