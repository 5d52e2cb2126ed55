using ModelOpt.Node.Tests.Deployment;

namespace ModelOpt.Node.Tests.External;

/// <summary>
/// The Python client (<c>clients/python</c>) installed the way its README says — a venv over Debian's
/// <c>/usr/bin/python3</c> with its system packages, <c>pip install --no-index --no-build-isolation</c> — from a copy of
/// the source, so the repository is never written to. <c>scripts/setup.sh</c> installs python3-venv, -pip and -wheel.
/// </summary>
public sealed class PythonClient : IDisposable
{
    public const string Python = "/usr/bin/python3";

    private readonly string _directory = Directory.CreateTempSubdirectory("mopt-python-client-").FullName;

    public PythonClient()
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} is missing: the Python client needs Debian's python3 with python3-venv, python3-pip and python3-wheel (scripts/setup.sh installs them)");
        Source = Path.Combine(_directory, "python");
        CopyTree(RepositoryPaths.Of("clients", "python"), Source);
        var venv = Path.Combine(_directory, "venv");
        Interpreter = Path.Combine(venv, "bin", "python");
        ChildProcess.Run(Python, ["-m", "venv", "--system-site-packages", venv], _directory, TimeSpan.FromMinutes(2));
        ChildProcess.Run(Interpreter, ["-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", Source], _directory, TimeSpan.FromMinutes(3));
    }

    /// <summary>The venv's interpreter, with the client installed.</summary>
    public string Interpreter { get; }

    /// <summary>The copy of <c>clients/python</c> (its tests run from here, against the installed package).</summary>
    public string Source { get; }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static void CopyTree(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            if (!IsBuildOutput(directory)) Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            if (!IsBuildOutput(file)) File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "__pycache__" or "build" || part.EndsWith(".egg-info", StringComparison.Ordinal));
}
