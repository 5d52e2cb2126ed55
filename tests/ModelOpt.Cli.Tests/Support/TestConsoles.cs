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

    /// <summary>A console that claims to be an interactive ANSI terminal, as the live panel needs.</summary>
    public static IAnsiConsole Terminal(StringWriter writer, int width = 80)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        return console;
    }
}
