using System.CommandLine;
using System.Text.Json.Nodes;
using FactCheck.Cli.Connection;
using FactCheck.Cli.Output;
using Spectre.Console;

namespace FactCheck.Cli.Commands;

/// <summary>Everything one command invocation works with: its output, its connections, its cancellation.</summary>
public sealed class CommandContext : IDisposable
{
    private CommandContext(CliHost host, ParseResult parse, OutputFormat format, bool verbose, ServiceConnections services, CancellationToken cancel)
    {
        Host = host;
        Parse = parse;
        Format = format;
        Verbose = verbose;
        Services = services;
        Cancel = cancel;
        Console = host.Console ?? ConsoleFactory.Create(host.Out, host.OutIsTerminal, host.Environment);
    }

    public CliHost Host { get; }

    public ParseResult Parse { get; }

    public OutputFormat Format { get; }

    public bool Json => Format == OutputFormat.Json;

    public bool Verbose { get; }

    public ServiceConnections Services { get; }

    public CancellationToken Cancel { get; }

    /// <summary>Standard output for tables and sentences (plain text when not a terminal).</summary>
    public IAnsiConsole Console { get; }

    public TextWriter Error => Host.Error;

    public DateTimeOffset Now => Host.Time.GetUtcNow();

    public static CommandContext Create(CliHost host, GlobalOptions options, ParseResult parse, CancellationToken cancel)
    {
        var settings = options.Settings(parse, host.Environment);
        return new CommandContext(host, parse, options.Format(parse), parse.GetValue(options.Verbose), new ServiceConnections(settings, host.HttpHandlers), cancel);
    }

    public T Value<T>(Option<T> option) => Parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => Parse.GetValue(argument)!;

    /// <summary>Writes one JSON document to standard output, bypassing the console so nothing wraps or decorates it.</summary>
    public void WriteJson(JsonNode node)
    {
        Host.Out.WriteLine(JsonOutput.Pretty(node));
        Host.Out.Flush();
    }

    /// <summary>A sentence for people on standard output (table mode only); never wrapped when redirected.</summary>
    public void Say(string line)
    {
        if (Host.Console is null && !Host.OutIsTerminal)
        {
            Host.Out.WriteLine(line);
        }
        else
        {
            Console.Write(new Text(line + "\n"));
        }
    }

    /// <summary>A note that is not the command's result: stderr, so pipes and JSON stay clean.</summary>
    public void Note(string line) => Error.WriteLine(line);

    public void Dispose() => Services.Dispose();
}
