using System.CommandLine;

namespace FactCheck.Cli.Commands;

/// <summary>Small conveniences for declaring commands.</summary>
public static class CommandOptions
{
    /// <summary>Adds <paramref name="options"/> to <paramref name="command"/>, in the order help lists them.</summary>
    public static void AddOptions(this Command command, params IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }
}
