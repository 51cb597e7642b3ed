using Spectre.Console;

namespace FactCheck.Cli.Output;

/// <summary>
/// Builds the Spectre console for standard output. Colours and cursor control only on a terminal
/// without NO_COLOR (https://no-color.org); redirected output gets plain text at a fixed width, so
/// what a file or pipe receives does not depend on the terminal it was started from.
/// </summary>
public static class ConsoleFactory
{
    /// <summary>Width of plain output when it is not a terminal and COLUMNS does not say otherwise.</summary>
    public const int PlainWidth = 160;

    public static bool ColorsWanted(bool isTerminal, Func<string, string?> environment) =>
        isTerminal && string.IsNullOrEmpty(environment("NO_COLOR"));

    public static IAnsiConsole Create(TextWriter writer, bool isTerminal, Func<string, string?> environment)
    {
        var colors = ColorsWanted(isTerminal, environment);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(isTerminal ? writer : new TrailingSpaceTrimmer(writer)),
            Ansi = colors ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colors ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            console.Profile.Width = int.TryParse(environment("COLUMNS"), out var columns) && columns > 20 ? columns : PlainWidth;
        }

        return console;
    }
}
