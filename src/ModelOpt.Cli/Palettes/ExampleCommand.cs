using System.CommandLine;

namespace ModelOpt.Cli.Palettes;

/// <summary>A command whose help ends with examples; its one-line description stays short in its parent's listing.</summary>
public sealed class ExampleCommand(string name, string description, params string[] examples) : Command(name, description)
{
    public IReadOnlyList<string> Examples { get; } = examples;
}
