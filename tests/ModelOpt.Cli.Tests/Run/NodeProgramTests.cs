using System.Runtime.Versioning;
using ModelOpt.Cli.Run;
using Xunit;

namespace ModelOpt.Cli.Tests.Run;

/// <summary>Which program <c>mopt run</c> starts for a node folder: its native launcher where it may run, else <c>dotnet ModelOpt.Node.dll</c>.</summary>
[UnsupportedOSPlatform("windows")] // execute bits, and a launcher without .exe
public sealed class NodeProgramTests : IDisposable
{
    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Runnable = Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string _folder = Directory.CreateTempSubdirectory("mopt-node-program-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string? NoEnvironment(string name) => null;

    /// <summary>A published node's files: its assembly and runtimeconfig, and its launcher with <paramref name="launcher"/> as its mode (null: none).</summary>
    private void Publish(UnixFileMode? launcher)
    {
        File.WriteAllText(Path.Combine(_folder, "ModelOpt.Node.dll"), "");
        File.WriteAllText(Path.Combine(_folder, "ModelOpt.Node.runtimeconfig.json"), "{}");
        if (launcher is not { } mode) return;
        var path = Path.Combine(_folder, "ModelOpt.Node");
        File.WriteAllText(path, "");
        File.SetUnixFileMode(path, mode);
    }

    [Fact]
    public void A_folder_with_a_runnable_launcher_starts_the_launcher()
    {
        Publish(launcher: Runnable);

        var program = NodeProgram.Find(_folder, NoEnvironment);
        var start = program.StartInfo(["--port", "0"]);

        Assert.Equal(new NodeProgram(Path.Combine(_folder, "ModelOpt.Node"), ViaDotnet: false), program);
        Assert.Equal(Path.Combine(_folder, "ModelOpt.Node"), start.FileName);
        Assert.Equal(["--port", "0"], start.ArgumentList);
        // The launcher finds the runtime of the dotnet running this test (a test host is run by dotnet).
        Assert.True(File.Exists(Path.Combine(start.Environment["DOTNET_ROOT"]!, "dotnet")), $"DOTNET_ROOT={start.Environment["DOTNET_ROOT"]}");
    }

    [Fact]
    public void A_launcher_without_an_execute_bit_or_none_at_all_leaves_the_assembly_to_dotnet()
    {
        Publish(launcher: Readable);
        var notRunnable = NodeProgram.Find(_folder, NoEnvironment);
        File.Delete(Path.Combine(_folder, "ModelOpt.Node"));
        var missing = NodeProgram.Find(_folder, NoEnvironment);

        var assembly = new NodeProgram(Path.Combine(_folder, "ModelOpt.Node.dll"), ViaDotnet: true);
        Assert.Equal(assembly, notRunnable);
        Assert.Equal(assembly, missing);
        Assert.Equal([assembly.Path, "--port", "0"], missing.StartInfo(["--port", "0"]).ArgumentList);
    }

    [Fact]
    public void The_folder_in_MOPT_NODE_is_looked_at_the_same_way()
    {
        Publish(launcher: Runnable);

        var program = NodeProgram.Find(null, name => name == NodeProgram.EnvironmentVariable ? _folder : null);

        Assert.Equal(new NodeProgram(Path.Combine(_folder, "ModelOpt.Node"), ViaDotnet: false), program);
    }
}
