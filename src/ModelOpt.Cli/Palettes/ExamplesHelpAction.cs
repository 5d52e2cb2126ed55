using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace ModelOpt.Cli.Palettes;

/// <summary>System.CommandLine's help, wrapped to 80 columns, followed by the command's examples.</summary>
public sealed class ExamplesHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        help.MaxWidth = 80;
        var exit = help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is ExampleCommand { Examples.Count: > 0 } command)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in command.Examples) output.WriteLine($"  {example}");
            output.WriteLine();
        }
        return exit;
    }

    /// <summary>Puts this action on the root's help option (it applies to every subcommand).</summary>
    public static void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        option.Action = new ExamplesHelpAction((HelpAction)option.Action!);
    }
}
