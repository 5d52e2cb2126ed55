using ModelOpt.Cli.Client;
using ModelOpt.Cli.Tests.Support;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary>Parsing, help, the context file and the local token: no node needed.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _home = Path.Combine(Path.GetTempPath(), $"mopt-cli-config-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_home)) Directory.Delete(_home, recursive: true);
    }

    [Theory]
    [InlineData("search")]
    [InlineData("trial")]
    [InlineData("worker")]
    [InlineData("cluster")]
    public async Task Every_palette_has_help_with_examples(string palette)
    {
        var result = await new MoptRunner(_home).RunAsync(palette, "--help");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Examples:", result.Out);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        var result = await new MoptRunner(_home).RunAsync("search", "explode");

        Assert.Equal(2, result.Exit);
        Assert.StartsWith("error:", result.Error);
    }

    [Fact]
    public async Task A_trial_must_be_named_search_slash_trial()
    {
        var result = await new MoptRunner(_home).RunAsync("127.0.0.1:9158", "trial", "show", "t0001");

        Assert.Equal(2, result.Exit);
        Assert.Contains("<search>/<trial>", result.Error);
    }

    [Fact]
    public void The_host_comes_from_the_argument_then_MOPT_HOST_then_the_context_file()
    {
        var token = LocalToken.Ensure(Path.Combine(_home, "modelopt"));
        new ClientContext("127.0.0.1:9151", token).Write(Path.Combine(_home, "modelopt"));
        string? Env(string name, string? host) => name switch { "XDG_CONFIG_HOME" => _home, "MOPT_HOST" => host, _ => null };

        var fromContext = Connection.Resolve(null, null, n => Env(n, null));
        var fromEnvironment = Connection.Resolve(null, null, n => Env(n, "10.1.2.3:9110"));
        var fromArgument = Connection.Resolve("example.org:9200", null, n => Env(n, "10.1.2.3:9110"));

        Assert.Equal("127.0.0.1:9151", fromContext.HostPort);
        Assert.Equal(File.ReadAllText(token).Trim(), fromContext.Token);
        Assert.Equal("10.1.2.3:9110", fromEnvironment.HostPort);
        Assert.Equal("example.org:9200", fromArgument.HostPort);
    }

    [Fact]
    public void The_local_token_is_random_owner_only_and_kept()
    {
        var dir = Path.Combine(_home, "modelopt");

        var path = LocalToken.Ensure(dir);
        var first = File.ReadAllText(path);
        LocalToken.Ensure(dir);

        Assert.Equal(64, first.Trim().Length);
        Assert.Equal(first, File.ReadAllText(path));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("serch list", "unknown command 'serch' for 'mopt'; did you mean 'search'?", "see: mopt --help")]
    [InlineData("search lst", "unknown command 'lst' for 'mopt search'; did you mean 'list'?", "see: mopt search --help")]
    [InlineData("trial list s1 --jsn", "unknown option '--jsn' for 'mopt trial list'; did you mean '--json'?", "see: mopt trial list --help")]
    public async Task A_mistyped_command_or_option_gets_one_line_with_what_was_meant(string args, string error, string see)
    {
        var result = await new MoptRunner(_home).RunAsync(args.Split(' '));

        Assert.Equal(2, result.Exit);
        Assert.Equal([$"error: {error}", see], result.Error.Trim().Split('\n').Select(l => l.Trim()));
    }
}
