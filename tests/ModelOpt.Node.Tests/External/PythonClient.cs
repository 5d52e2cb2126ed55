using System.Diagnostics;
using System.Text;
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
        Source = Path.Combine(_directory, "python");
        CopyTree(RepositoryPaths.Of("clients", "python"), Source);
        var venv = Path.Combine(_directory, "venv");
        Interpreter = Path.Combine(venv, "bin", "python");
        Run(Python, ["-m", "venv", "--system-site-packages", venv], _directory, TimeSpan.FromMinutes(2));
        Run(Interpreter, ["-m", "pip", "install", "--quiet", "--no-index", "--no-build-isolation", Source], _directory, TimeSpan.FromMinutes(3));
    }

    /// <summary>The venv's interpreter, with the client installed.</summary>
    public string Interpreter { get; }

    /// <summary>The copy of <c>clients/python</c> (its tests run from here, against the installed package).</summary>
    public string Source { get; }

    /// <summary>Runs <paramref name="file"/> with <paramref name="arguments"/>; throws with the whole output when it fails or overruns.</summary>
    public static string Run(string file, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(file))
            throw new InvalidOperationException($"{file} is missing: the Python client needs Debian's python3 with python3-venv, python3-pip and python3-wheel (scripts/setup.sh installs them)");
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran past {timeout}:\n{output}");
        }
        process.WaitForExit();
        lock (output)
        {
            if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}");
            return output.ToString();
        }
    }

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
