using System.CommandLine;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Output;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Cli.Commands.Verify;

/// <summary>
/// `factcheck verify confirm|deny|dispute|retract`: one party's verdict on a claim
/// (RecordVerdict). The four differ only in their decision and wording, so one command shape serves them.
/// </summary>
public static class VerdictCommand
{
    /// <summary>The four verdict commands.</summary>
    public static IEnumerable<Command> BuildAll(CliHost host, GlobalOptions options) =>
    [
        Build(host, options, "confirm", VerdictDecision.Confirm, "confirmed", "The party confirms the claim (for example gives its go-ahead)"),
        Build(host, options, "deny", VerdictDecision.Deny, "denied", "The party says the claim is false"),
        Build(host, options, "dispute", VerdictDecision.Dispute, "disputed", "The party contests the claim without flatly denying it"),
        Build(host, options, "retract", VerdictDecision.Retract, "retracted", "The claim was withdrawn (final: RETRACTED allows no further change)"),
    ];

    /// <param name="verb">How the outcome line says what the party did ("Washington confirmed").</param>
    public static Command Build(CliHost host, GlobalOptions options, string name, VerdictDecision decision, string verb, string description)
    {
        var claimArgument = new ClaimArgument();
        var party = new Option<string>("--party") { Description = "Who speaks, e.g. Washington (matched against the claim's required parties)", Required = true, HelpName = "name" };
        var official = new Option<string?>("--official") { Description = "The official or office who gave the verdict", HelpName = "who" };
        var evidenceUrl = new Option<string[]>("--evidence-url") { Description = "URL of the statement or document (repeat for several)", HelpName = "url" };
        var quote = new Option<string?>("--quote") { Description = "The passage the verdict rests on, quoted from the evidence", HelpName = "text" };
        var observed = new Option<string?>("--observed") { Description = "When the evidence was seen or published [default: unset]", HelpName = "time" };
        var note = new Option<string?>("--note") { Description = "Free-form context" };
        var requestId = new Option<string?>("--request-id") { Description = "Idempotency key: repeating the command with it records nothing twice [default: a new one]" };
        var command = new Command(name, description + ". Needs --evidence-url or --quote.");
        claimArgument.AddTo(command);
        command.AddOptions(party, official, evidenceUrl, quote, observed, note, requestId);

        command.SetAction(CliApp.Handler(host, options, async context =>
        {
            var verdict = new Verdict
            {
                Claim = claimArgument.Name(context),
                Party = context.Value(party),
                Official = context.Value(official) ?? "",
                Decision = decision,
                Note = context.Value(note) ?? "",
            };
            var urls = context.Value(evidenceUrl) ?? [];
            var quoted = context.Value(quote) ?? "";
            var observedTime = context.Value(observed) is { } o ? Arguments.Time(o, "--observed", context.Now) : null;
            if (urls.Length == 0 && quoted.Length == 0)
            {
                throw new UsageException("a verdict needs evidence: give --evidence-url, --quote, or both");
            }

            // The quote belongs to the first evidence item: that is the statement it was taken from.
            verdict.Evidence.AddRange(urls.Length == 0
                ? [new Evidence { Quote = quoted, ObservedTime = observedTime }]
                : urls.Select((url, i) => new Evidence { Url = url, Quote = i == 0 ? quoted : "", ObservedTime = observedTime }));
            var request = new RecordVerdictRequest { Verdict = verdict, RequestId = context.Value(requestId) ?? Guid.NewGuid().ToString() };

            var response = await context.Services.Verification.RecordVerdictAsync(request, cancellationToken: context.Cancel);

            var outcome = await OutcomeAsync(context, response, verb);
            context.Output.Show(response, outcome);
            if (response.DeliveryState == DeliveryState.Rejected)
            {
                // The sentence already says so on a table; a script reading JSON learns it from stderr and the exit code.
                if (context.Output.Json)
                {
                    context.Output.Note($"error: {outcome}");
                }

                return ExitCodes.Refused;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The one line that says what the verdict changed.</summary>
    internal static async Task<string> OutcomeAsync(CommandContext context, RecordVerdictResponse response, string verb)
    {
        var who = $"{response.Verdict.Party} {verb}";
        switch (response.DeliveryState)
        {
            case DeliveryState.Queued:
                return $"{who}; queued: the claims service is unreachable; it will be applied when it is back";
            case DeliveryState.Rejected:
                return $"{who} (recorded), but the claims service refused the status change: {response.Verdict.DeliveryReason}";
        }

        if (response.Status == ClaimStatus.Pending)
        {
            var awaited = await AwaitedAsync(context, response.Verdict.Claim);
            if (awaited is { Count: > 0 })
            {
                return $"{who}; still awaiting {FactCheck.Domain.Phrasing.And(awaited)}";
            }
        }

        var detail = response.StatusDetail.Length > 0 ? $" ({response.StatusDetail})" : "";
        return $"{who}; status is now {Display.Status(response.Status)}{detail}";
    }

    private static async Task<IReadOnlyList<string>?> AwaitedAsync(CommandContext context, string claim)
    {
        try
        {
            var summary = await context.Services.Verification.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = claim }, cancellationToken: context.Cancel);
            return summary.AwaitedParties;
        }
        catch (ServiceCallException e) when (e.StatusCode != StatusCode.Cancelled)
        {
            // The verdict is recorded; without the summary the line falls back to the status detail.
            return null;
        }
    }
}
