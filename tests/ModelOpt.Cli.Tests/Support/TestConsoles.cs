using Spectre.Console;

namespace ModelOpt.Cli.Tests.Support;

/// <summary>Spectre consoles writing to a string, as a pipe or a dumb terminal would see them.</summary>
public static class TestConsoles
{
    public static IAnsiConsole Plain(StringWriter writer, int width = 80)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        return console;
    }
}
