using System.CommandLine;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Output;

namespace FactCheck.Cli.Commands;

/// <summary>Everything one command invocation works with: its output, its connections, its cancellation.</summary>
public sealed class CommandContext : IDisposable
{
    private CommandContext(CliHost host, ParseResult parse, OutputFormat format, bool verbose, ServiceConnections services, CancellationToken cancel)
    {
        Host = host;
        Parse = parse;
        Verbose = verbose;
        Services = services;
        Cancel = cancel;
        var console = host.Console ?? ConsoleFactory.Create(host.Out, host.OutIsTerminal, host.Environment);
        Output = new CommandOutput(host.Out, host.Error, console, plainSentences: host.Console is null && !host.OutIsTerminal, format);
    }

    public CliHost Host { get; }

    public ParseResult Parse { get; }

    /// <summary>Where the result and notes go, in the form --output asks for.</summary>
    public CommandOutput Output { get; }

    public bool Verbose { get; }

    public ServiceConnections Services { get; }

    public CancellationToken Cancel { get; }

    public TextWriter Error => Host.Error;

    public DateTimeOffset Now => Host.Time.GetUtcNow();

    public static CommandContext Create(CliHost host, GlobalOptions options, ParseResult parse, CancellationToken cancel)
    {
        var settings = options.Settings(parse, host.Environment);
        return new CommandContext(host, parse, options.Format(parse), parse.GetValue(options.Verbose), new ServiceConnections(settings, host.HttpHandlers), cancel);
    }

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    public void Dispose() => Services.Dispose();
}
