using ModelOpt.Cli;
using ModelOpt.Training;

namespace ModelOpt.Cli.Tests.Support;

public sealed record MoptResult(int Exit, string Out, string Error)
{
    public override string ToString() => $"exit {Exit}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs <c>mopt</c> in-process with captured output and its own environment (the config dir in a temp folder).</summary>
public sealed class MoptRunner(string configHome, IReadOnlyDictionary<string, string>? environment = null)
{
    public async Task<MoptResult> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var env = new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["XDG_CONFIG_HOME"] = configHome };
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var exit = await Mopt.RunAsync(args, new CliIo(TestConsoles.Plain(output), error, name => env.GetValueOrDefault(name)), TrainingCatalog.Default, deadline.Token);
        return new MoptResult(exit, output.ToString(), error.ToString());
    }
}
