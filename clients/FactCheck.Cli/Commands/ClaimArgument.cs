using System.CommandLine;

namespace FactCheck.Cli.Commands;

/// <summary>The claim a command is about, typed as people type it: its id (agreement) or its name (claims/agreement).</summary>
public sealed class ClaimArgument
{
    private readonly Argument<string> _argument = new("claim") { Description = "The claim: its id (agreement) or name (claims/agreement)" };

    public void AddTo(Command command) => command.Arguments.Add(_argument);

    /// <summary>The claim's resource name, "claims/{id}"; a usage error when what was typed is not a claim.</summary>
    public string Name(CommandContext context) => Arguments.Claim(context.Value(_argument));
}
