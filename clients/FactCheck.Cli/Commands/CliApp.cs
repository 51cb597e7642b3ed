using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using FactCheck.Cli.Commands.Admin;
using FactCheck.Cli.Commands.Claims;
using FactCheck.Cli.Commands.Keys;
using FactCheck.Cli.Commands.Verify;
using FactCheck.Cli.Commands.Webhooks;
using FactCheck.Cli.Errors;
using Grpc.Core;

namespace FactCheck.Cli.Commands;

/// <summary>The command tree and how one invocation runs: parse, act, turn failures into one line and an exit code.</summary>
public static class CliApp
{
    public static RootCommand Build(CliHost host)
    {
        var options = new GlobalOptions();
        var root = new RootCommand(
            """
            factcheck: track claims in the news and record who confirms or denies them.
            Talks to the claims service and the verification service over gRPC.
            """);
        options.AddTo(root);
        root.Subcommands.Add(Group("claims", "Record, read, list, find, edit and follow claims (claims service)",
            AddCommand.Build(host, options),
            GetCommand.Build(host, options),
            ListCommand.Build(host, options),
            SimilarCommand.Build(host, options),
            EditCommand.Build(host, options),
            HistoryCommand.Build(host, options),
            WatchCommand.Build(host, options)));
        root.Subcommands.Add(Group("verify", "Record verdicts of the parties on a claim, and see where it stands (verification service)",
            [.. VerdictCommand.BuildAll(host, options), SummaryCommand.Build(host, options)]));
        root.Subcommands.Add(Group("webhooks", "Have the claims service POST claim changes to other systems, signed; see their deliveries (claims service, editor role)",
            [
                AddWebhookCommand.Build(host, options),
                ListWebhooksCommand.Build(host, options),
                GetWebhookCommand.Build(host, options),
                .. WebhookStateCommand.BuildAll(host, options),
                RemoveWebhookCommand.Build(host, options),
                DeliveriesCommand.Build(host, options),
                RedeliverCommand.Build(host, options),
                RotateSecretCommand.Build(host, options),
            ]));
        root.Subcommands.Add(ImportCommand.Build(host, options));
        root.Subcommands.Add(ExtractCommand.Build(host, options));
        root.Subcommands.Add(ExportCommand.Build(host, options));
        root.Subcommands.Add(Group("admin", "Operator tasks (admin role): backups of both services, and the verification service's reconcile pass",
            BackupCommand.Build(host, options), ReconcileCommand.Build(host, options)));
        root.Subcommands.Add(Group("keys", "Make API keys for the services (prints the key once, and the settings that store its hash)", NewKeyCommand.Build(host, options)));

        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction helpAction)
        {
            help.Action = new HelpWithExitCodes(helpAction);
        }

        return root;
    }

    private static Command Group(string name, string description, params Command[] subcommands)
    {
        var group = new Command(name, description);
        foreach (var subcommand in subcommands)
        {
            group.Subcommands.Add(subcommand);
        }

        return group;
    }

    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancel = default)
    {
        var parse = Build(host).Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = host.Out,
            Error = host.Error,
            // With --verbose an unexpected exception escapes the handler and is shown in full here.
            EnableDefaultExceptionHandler = true,
            ProcessTerminationTimeout = host.HandlesTermination ? TimeSpan.FromSeconds(3) : null,
        };

        if (parse.Action is ParseErrorAction parseError)
        {
            // The default would print the whole help after the errors; one pointer to it reads better.
            parseError.ShowHelp = false;
            // Errors and typo suggestions alike belong on stderr: stdout may be a pipe expecting data.
            await parse.InvokeAsync(new InvocationConfiguration { Output = host.Error, Error = host.Error }, cancel);
            host.Error.WriteLine($"Run '{CommandPath(parse)} --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(configuration, cancel);
    }

    /// <summary>Wraps a command body: builds its context, reports failures as one line, maps them to exit codes.</summary>
    internal static Func<ParseResult, CancellationToken, Task<int>> Handler(CliHost host, GlobalOptions options, Func<CommandContext, Task<int>> body) =>
        async (parse, cancel) =>
        {
            var verbose = parse.GetValue(options.Verbose);
            try
            {
                using var context = CommandContext.Create(host, options, parse, cancel);
                return await body(context);
            }
            catch (Exception e) when (cancel.IsCancellationRequested && IsCancellation(e))
            {
                host.Error.WriteLine("interrupted");
                return ExitCodes.Interrupted;
            }
            catch (ReportedFailureException e)
            {
                return e.ExitCode;
            }
            catch (Exception e) when (e is UsageException or ServiceCallException or RpcException or IOException or UnauthorizedAccessException)
            {
                ErrorReporter.Write(host.Error, e, verbose);
                return ErrorReporter.ExitCodeFor(e);
            }
            catch (Exception e) when (!verbose)
            {
                // A bug of the tool itself: still one line, with the way to see the rest.
                host.Error.WriteLine($"error: unexpected {e.GetType().Name}: {e.Message} (run again with --verbose for details)");
                return ExitCodes.Refused;
            }
        };

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException
        || (e is ServiceCallException s && s.StatusCode == StatusCode.Cancelled)
        || (e is RpcException r && r.StatusCode == StatusCode.Cancelled);

    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Command is RootCommand ? "factcheck" : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The standard help, followed by the exit codes and environment variables, on every command.</summary>
    private sealed class HelpWithExitCodes(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var result = inner.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output.WriteLine(ExitCodes.HelpText);
            return result;
        }
    }
}
