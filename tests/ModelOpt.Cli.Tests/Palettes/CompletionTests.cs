using System.Diagnostics;
using ModelOpt.Cli.Tests.Support;
using Xunit;

namespace ModelOpt.Cli.Tests.Palettes;

/// <summary><c>mopt completion bash</c>: the script, loaded into a real bash, completes palettes, commands and options.</summary>
public sealed class CompletionTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("mopt-completion-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData("mopt ", "search")]
    [InlineData("mopt search ex", "export")]
    [InlineData("mopt search export x --fo", "--format")]
    [InlineData("mopt --json trial sh", "show")]
    public async Task Bash_completes_the_word_at_the_cursor(string line, string expected)
    {
        var script = await new MoptRunner(_home).RunAsync("completion", "bash");
        Assert.True(script.Exit == 0, script.ToString());
        var file = Path.Combine(_home, "mopt.bash");
        await File.WriteAllTextAsync(file, script.Out);

        var words = line.Split(' ');
        var quoted = string.Join(' ', words.Select(w => $"'{w}'"));
        var completions = await BashAsync($"source '{file}'; COMP_WORDS=({quoted}); COMP_CWORD={words.Length - 1}; _mopt; printf '%s\\n' \"${{COMPREPLY[@]}}\"");

        Assert.Contains(expected, completions.Split('\n'));
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var result = await new MoptRunner(_home).RunAsync("completion", "tcsh");

        Assert.Equal(2, result.Exit);
        Assert.Contains("tcsh", result.Error);
    }

    private static async Task<string> BashAsync(string command)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var bash = Process.Start(start)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        await bash.WaitForExitAsync();
        Assert.True(bash.ExitCode == 0, $"bash exited {bash.ExitCode}: {await error}");
        return await output;
    }
}
