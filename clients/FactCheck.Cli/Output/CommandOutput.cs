using System.Text.Json.Nodes;
using Google.Protobuf;
using Spectre.Console;

namespace FactCheck.Cli.Output;

/// <summary>
/// What a command prints, and the one place that decides its form. With --output json, standard
/// output carries the result as one JSON document (or one compact document per line for a
/// stream) and nothing else; otherwise it carries sentences, tables and views for people. Notes
/// that are not the result go to standard error in either form, so pipes and JSON stay clean.
/// </summary>
/// <param name="plainSentences">Sentences bypass the console: redirected output is never wrapped at its width.</param>
public sealed class CommandOutput(TextWriter stdout, TextWriter stderr, IAnsiConsole console, bool plainSentences, OutputFormat format)
{
    public bool Json => format == OutputFormat.Json;

    /// <summary>Standard output for tables and views (plain text when not a terminal).</summary>
    public IAnsiConsole Console => console;

    /// <summary>The result: the message as JSON, or <paramref name="sentence"/>.</summary>
    public void Show(IMessage result, string sentence) => Show(() => JsonOutput.Node(result), _ => Say(sentence));

    /// <summary>The result: the message as JSON, or drawn by <paramref name="view"/>.</summary>
    public void Show(IMessage result, Action<IAnsiConsole> view) => Show(() => JsonOutput.Node(result), view);

    /// <summary>The result: the document <paramref name="json"/> builds, or drawn by <paramref name="view"/>.</summary>
    public void Show(Func<JsonNode> json, Action<IAnsiConsole> view)
    {
        if (Json)
        {
            // Bypasses the console, so nothing wraps or decorates it.
            stdout.WriteLine(JsonOutput.Pretty(json()));
            stdout.Flush();
        }
        else
        {
            view(console);
        }
    }

    /// <summary>One item of a stream, written at once: one compact JSON document per line, or <paramref name="line"/>.</summary>
    public void ShowItem(IMessage item, string line)
    {
        stdout.WriteLine(Json ? JsonOutput.Line(JsonOutput.Node(item)) : line);
        stdout.Flush();
    }

    /// <summary>A sentence for people on standard output; nothing with --output json, where standard output is the JSON result alone.</summary>
    public void Say(string line)
    {
        if (Json)
        {
            return;
        }

        if (plainSentences)
        {
            stdout.WriteLine(line);
        }
        else
        {
            console.Write(new Text(line + "\n"));
        }
    }

    /// <summary>A note that is not the command's result: standard error.</summary>
    public void Note(string line) => stderr.WriteLine(line);
}
