using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Cli.Commands.Claims;

/// <summary>`factcheck claims watch`: claim events as they happen, until Ctrl+C or --timeout (WatchClaims); every way it ends says where to resume.</summary>
public static class WatchCommand
{
    public static Command Build(CliHost host, GlobalOptions options)
    {
        var after = new Option<long>("--after") { Description = "Resume after this event sequence number (0: from the first event)", HelpName = "sequence" };
        var status = new Option<string[]>("--status", "-s") { Description = "Only events whose claim is now in one of these statuses", HelpName = "status" };
        status.CompletionSources.Add(Arguments.StatusNames);
        var tag = new Option<string?>("--tag") { Description = "Only events whose claim carries this tag" };
        var command = new Command("watch", "Print claim events as they happen until Ctrl+C (one JSON object per line with -o json); resume with --after");
        command.AddOptions(after, status, tag);
        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var request = new WatchClaimsRequest { AfterSequence = context.Value(after), Tag = context.Value(tag) ?? "" };
            if (request.AfterSequence < 0)
            {
                throw new UsageException("--after: must be 0 or a sequence number already seen");
            }

            request.Statuses.AddRange(Arguments.Statuses(context.Value(status)));
            var last = request.AfterSequence;
            var deadline = DateTime.UtcNow + context.Services.Settings.Timeout;
            try
            {
                using var call = context.Services.Claims.WatchClaims(request, cancellationToken: context.Cancel);
                while (await call.ResponseStream.MoveNext(context.Cancel))
                {
                    var e = call.ResponseStream.Current;
                    last = e.Sequence;
                    context.Output.ShowItem(e, ClaimViews.EventLine(e));
                }

                context.Output.Note($"the claims service ended the stream (it may be restarting); resume with --after {last}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (context.Cancel.IsCancellationRequested && e is OperationCanceledException or ServiceCallException { StatusCode: StatusCode.Cancelled })
            {
                // Ctrl+C is how a watch is meant to end.
                context.Output.Note($"stopped; resume with --after {last}");
                return ExitCodes.Ok;
            }
            catch (ServiceCallException e) when (context.Services.Settings.TimeoutGiven
                && (e.StatusCode == StatusCode.DeadlineExceeded || (e.StatusCode == StatusCode.Unavailable && DateTime.UtcNow >= deadline)))
            {
                // With --timeout, watch for that long and stop: a deadline reached is the expected end.
                // Some transports report the deadline's cut connection as UNAVAILABLE; past the deadline, it is the same thing.
                context.Output.Note($"--timeout reached; resume with --after {last}");
                return ExitCodes.Ok;
            }
            catch (ServiceCallException e)
            {
                ErrorReporter.Write(context.Error, e, context.Verbose);
                context.Output.Note($"resume with --after {last}");
                throw new ReportedFailureException(ErrorReporter.ExitCodeFor(e));
            }
        }));
        return command;
    }
}
