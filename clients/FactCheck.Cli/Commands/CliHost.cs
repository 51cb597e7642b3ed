using FactCheck.Cli.Connection;
using Spectre.Console;

namespace FactCheck.Cli.Commands;

/// <summary>
/// What the tool takes from the process it runs in. <see cref="FromProcess"/> gives the real
/// one; tests build their own with string writers, an environment of their choosing and
/// handlers that reach in-memory servers.
/// </summary>
public sealed class CliHost
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Standard input, for a file named "-" (`factcheck extract -`).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Standard output is a terminal: colours (unless NO_COLOR), progress bars, the terminal's width.</summary>
    public bool OutIsTerminal { get; init; }

    public Func<string, string?> Environment { get; init; } = _ => null;

    /// <summary>Relative file paths (import, export --file) resolve against this.</summary>
    public string CurrentDirectory { get; init; } = Directory.GetCurrentDirectory();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>For tests: the HTTP handler for each service instead of sockets.</summary>
    public Func<ServiceKind, HttpMessageHandler?>? HttpHandlers { get; init; }

    /// <summary>For rendering tests: a console to draw tables and progress on instead of one built over <see cref="Out"/>.</summary>
    public IAnsiConsole? Console { get; init; }

    /// <summary>Whether Ctrl+C and SIGTERM cancel the running command (only for the real process).</summary>
    public bool HandlesTermination { get; init; }

    public static CliHost FromProcess() => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        In = System.Console.In,
        OutIsTerminal = !System.Console.IsOutputRedirected,
        Environment = System.Environment.GetEnvironmentVariable,
        HandlesTermination = true,
    };

    public string ResolvePath(string path) => Path.GetFullPath(path, CurrentDirectory);
}
