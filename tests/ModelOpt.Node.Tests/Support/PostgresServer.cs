using System.Diagnostics;

namespace ModelOpt.Node.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for one test: a fresh cluster (initdb) in a temporary directory, listening on
/// 127.0.0.1 only, trust authentication, one database; stopped and deleted on dispose. PostgreSQL refuses to run as
/// root, so as root the server runs as the <c>postgres</c> account the Debian package creates.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string Database = "modelopt";
    private readonly string _bin;
    private readonly string _dataDir;
    private readonly string _socketDir;

    private PostgresServer(string bin, string directory, int port)
    {
        _bin = bin;
        _dataDir = Path.Combine(directory, "data");
        _socketDir = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string a node takes as <c>--journal</c>.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database}";

    /// <summary>The server's bin directory (<c>/usr/lib/postgresql/N/bin</c>, newest first), or null if none is installed.</summary>
    public static string? BinDirectory =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => b, StringComparer.Ordinal).FirstOrDefault()
            : null;

    /// <summary>Why no server can be started here, or null if one can.</summary>
    public static string? Unavailable =>
        BinDirectory is null ? "PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) are not installed; scripts/setup.sh installs them"
        : Environment.UserName == "root" && !File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postgres:", StringComparison.Ordinal))
            ? "running as root and there is no 'postgres' account to run the PostgreSQL server as"
            : null;

    public static PostgresServer Start(int port)
    {
        var bin = BinDirectory ?? throw new InvalidOperationException(Unavailable);
        var directory = Directory.CreateTempSubdirectory("mopt-pg-").FullName;
        var server = new PostgresServer(bin, directory, port);
        try
        {
            if (AsRoot) Run("chown", ["postgres:postgres", directory]);
            server.Tool("initdb", ["-D", server._dataDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
            server.Tool("pg_ctl", ["start", "-w", "-t", "60", "-D", server._dataDir, "-l", Path.Combine(directory, "server.log"),
                "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off"]);
            server.Tool("createdb", ["-h", "127.0.0.1", "-p", port.ToString(), "-U", "postgres", Database]);
            return server;
        }
        catch (Exception e)
        {
            var log = server.Log;
            server.Dispose();
            throw new InvalidOperationException($"could not start PostgreSQL on port {port}: {e.Message}\n{log}", e);
        }
    }

    /// <summary>The server's own log, for failure messages.</summary>
    public string Log
    {
        get
        {
            var path = Path.Combine(_socketDir, "server.log");
            return File.Exists(path) ? File.ReadAllText(path) : "";
        }
    }

    public void Dispose()
    {
        try
        {
            if (File.Exists(Path.Combine(_dataDir, "postmaster.pid"))) Tool("pg_ctl", ["stop", "-w", "-m", "immediate", "-D", _dataDir]);
        }
        finally
        {
            Directory.Delete(_socketDir, recursive: true);
        }
    }

    private static bool AsRoot => Environment.UserName == "root";

    private void Tool(string name, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_bin, name);
        if (AsRoot) Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else Run(path, arguments);
    }

    private static void Run(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish in 90 s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}{output.Result}");
    }
}
