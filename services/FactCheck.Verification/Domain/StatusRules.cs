using System.Globalization;

namespace FactCheck.Verification.Domain;

/// <summary>One party's latest verdict, as the rules see it.</summary>
public sealed record PartyVerdict(string Party, Decision Decision);

/// <summary>
/// Everything the rules look at. <see cref="LatestVerdicts"/> holds each party's latest
/// counting verdict, one per party, in the order they were recorded (so the last one is the
/// most recent verdict overall). <see cref="Applying"/> is the decision being delivered, or
/// null for the overdue sweep.
/// </summary>
public sealed record StatusInput(
    IReadOnlyList<string> RequiredParties,
    IReadOnlyList<PartyVerdict> LatestVerdicts,
    ClaimStatus Current,
    string CurrentDetail,
    DateTimeOffset? DueTime,
    DateTimeOffset Now,
    Decision? Applying = null)
{
    /// <summary>
    /// The input for <paramref name="claim"/> as the claims service has it, with each party's
    /// latest of <paramref name="counting"/> (the claim's verdicts that count, oldest first).
    /// </summary>
    public static StatusInput Of(ClaimSnapshot claim, IEnumerable<Verdict> counting, DateTimeOffset now, Decision? applying = null) =>
        new(
            claim.RequiredParties,
            VerdictSets.LatestPerParty(counting).Select(v => new PartyVerdict(v.Content.Party, v.Content.Decision)).ToList(),
            claim.Status,
            claim.StatusDetail,
            claim.DueTime,
            now,
            applying);
}

/// <summary>What to do with the claim.</summary>
public enum OutcomeKind
{
    /// <summary>Send <see cref="StatusOutcome.Status"/> and its detail to the claims service.</summary>
    Change,

    /// <summary>Nothing to send: the claim already reads as it should (or its status cannot carry a new detail).</summary>
    Unchanged,

    /// <summary>The claims service would refuse the change; <see cref="StatusOutcome.Explanation"/> says why.</summary>
    Refused,
}

/// <summary>
/// The result of the rules. <see cref="Status"/> and <see cref="Detail"/> are what the claim
/// reads once the outcome is carried out: the new status for a change, the current one otherwise.
/// </summary>
public sealed record StatusOutcome(OutcomeKind Kind, ClaimStatus Status, string Detail, string Explanation)
{
    /// <summary>The required parties that have not confirmed (their latest verdict is not CONFIRM), spelled and ordered as the claim names them.</summary>
    public IReadOnlyList<string> AwaitedParties { get; init; } = [];

    /// <summary>
    /// A time-bound claim past its date and still unsettled: the due time has passed while the
    /// claim, as the claims service holds it, is still waiting (UNVERIFIED, PENDING or OVERDUE),
    /// as verification.proto defines the summary's <c>overdue</c>. A claim confirmed, refuted or
    /// disputed is not overdue, even while a verdict that would settle it is still on its way.
    /// </summary>
    public bool IsOverdue { get; init; }
}

/// <summary>
/// The verdict → status rules: one pure function, <see cref="Derive"/>. docs/api.md carries the
/// same rules as a table; the unit tests check them row by row.
/// </summary>
public static class StatusRules
{
    public static StatusOutcome Derive(StatusInput input)
    {
        var tally = Tally.Of(input.RequiredParties, input.LatestVerdicts);

        // What the verdicts say, ignoring time and the claim's current status. Read top to
        // bottom: the first row that matches decides.
        (ClaimStatus Status, string Detail)? implied = tally switch
        {
            { Count: 0 } => null,
            { Retracting.Count: > 0 } => (ClaimStatus.Retracted, $"retracted according to {Phrasing.And(tally.Retracting)}"),
            { HasRequired: false } => tally.Last.Decision switch
            {
                Decision.Confirm => (ClaimStatus.Confirmed, $"confirmed by {tally.Last.Party}"),
                Decision.Deny => (ClaimStatus.Refuted, $"denied by {tally.Last.Party}"),
                _ => (ClaimStatus.Disputed, $"disputed by {tally.Last.Party}"),
            },
            { RequiredDenying.Count: > 0 } => (ClaimStatus.Refuted, $"denied by {Phrasing.And(tally.RequiredDenying)}"),
            { Disputing.Count: > 0 } or { OtherDenying.Count: > 0 } => (ClaimStatus.Disputed, Disputes(tally)),
            { Awaiting.Count: 0 } => (ClaimStatus.Confirmed, $"confirmed by {Phrasing.And(tally.RequiredConfirming)}" + Others(tally)),
            { RequiredConfirming.Count: > 0 } => (ClaimStatus.Pending, $"confirmed by {Phrasing.And(tally.RequiredConfirming)}; {Phrasing.Awaiting(tally.Awaiting)}" + Others(tally)),
            _ => (ClaimStatus.Pending, Phrasing.Awaiting(tally.Awaiting) + Others(tally)),
        };

        // Without a verdict that says anything, the claim stays as it stands.
        var target = implied ?? (input.Current, input.CurrentDetail);
        target = AfterDueTime(target, implied is null, tally, input);
        // The claims service refuses a longer status_detail.
        target = (target.Status, Phrasing.Shorten(target.Detail, Limits.MaxStatusDetail, "…"));
        var outcome = AgainstTransitions(target, input);
        return outcome with
        {
            AwaitedParties = tally.Awaiting,
            IsOverdue = input.DueTime is { } due && input.Now > due
                && input.Current is ClaimStatus.Unverified or ClaimStatus.Pending or ClaimStatus.Overdue,
        };
    }

    /// <summary>
    /// A time-bound claim still waiting (UNVERIFIED or PENDING) once its due time has passed is
    /// OVERDUE, where the claims service allows that move: a DISPUTED or REFUTED claim that
    /// falls back to waiting goes to PENDING first, and the next sweep makes it OVERDUE.
    /// </summary>
    private static (ClaimStatus Status, string Detail) AfterDueTime(
        (ClaimStatus Status, string Detail) target, bool unchangedByVerdicts, Tally tally, StatusInput input)
    {
        if (target.Status is not (ClaimStatus.Unverified or ClaimStatus.Pending)
            || input.DueTime is not { } due || input.Now <= due
            || !StatusTransitions.IsAllowed(input.Current, ClaimStatus.Overdue))
        {
            return target;
        }

        var waiting = unchangedByVerdicts
            ? tally.HasRequired ? Phrasing.Awaiting(tally.Awaiting) : target.Detail.Length > 0 ? target.Detail : "no verdict yet"
            : target.Detail;
        return (ClaimStatus.Overdue, $"overdue since {due.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; {waiting}");
    }

    private static StatusOutcome AgainstTransitions((ClaimStatus Status, string Detail) target, StatusInput input)
    {
        var current = input.Current;
        StatusOutcome Keep(OutcomeKind kind, string why) => new(kind, current, input.CurrentDetail, why);

        if (current == ClaimStatus.Retracted && input.Applying is { } applying && applying != Decision.Retract)
        {
            return Keep(OutcomeKind.Refused, "the claim is RETRACTED, which is final");
        }

        if (target.Status == current && target.Detail == input.CurrentDetail)
        {
            return Keep(OutcomeKind.Unchanged, "status unchanged");
        }

        if (current == ClaimStatus.Retracted)
        {
            return Keep(OutcomeKind.Refused, "the claim is RETRACTED, which is final");
        }

        if (target.Status == current && !StatusTransitions.IsAllowed(current, current))
        {
            // CONFIRMED and REFUTED cannot be re-entered, so their detail stays as first set.
            return Keep(OutcomeKind.Unchanged, $"status stays {Name(current)}");
        }

        if (!StatusTransitions.IsAllowed(current, target.Status))
        {
            return Keep(OutcomeKind.Refused, $"the claims service does not allow a claim to move from {Name(current)} to {Name(target.Status)}");
        }

        return new StatusOutcome(OutcomeKind.Change, target.Status, target.Detail, "");
    }

    /// <summary>The contract's name of a status, for messages people read.</summary>
    public static string Name(ClaimStatus status) => status.ContractName();

    private static string Disputes(Tally tally)
    {
        var parts = new List<string>();
        if (tally.Disputing.Count > 0)
        {
            parts.Add($"disputed by {Phrasing.And(tally.Disputing)}");
        }

        if (tally.OtherDenying.Count > 0)
        {
            parts.Add($"denied by {Phrasing.And(tally.OtherDenying)} (not a required party)");
        }

        return string.Join("; ", parts);
    }

    private static string Others(Tally tally) =>
        tally.OtherConfirming.Count == 0 ? "" : $"; also confirmed by {Phrasing.And(tally.OtherConfirming)} (not a required party)";

    /// <summary>The verdicts sorted into what the rules ask about. Party names match required parties ignoring case.</summary>
    private sealed record Tally(
        int Count,
        PartyVerdict Last,
        bool HasRequired,
        IReadOnlyList<string> Retracting,
        IReadOnlyList<string> RequiredDenying,
        IReadOnlyList<string> OtherDenying,
        IReadOnlyList<string> Disputing,
        IReadOnlyList<string> RequiredConfirming,
        IReadOnlyList<string> OtherConfirming,
        IReadOnlyList<string> Awaiting)
    {
        public static Tally Of(IReadOnlyList<string> requiredParties, IReadOnlyList<PartyVerdict> verdicts)
        {
            // Spell required parties as the claim does, whatever case the verdict used.
            var order = requiredParties.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var required = order.ToDictionary(p => p, p => p, StringComparer.OrdinalIgnoreCase);
            var latest = verdicts
                .Select(v => v with { Party = required.GetValueOrDefault(v.Party, v.Party) })
                .ToList();
            List<string> Parties(Func<PartyVerdict, bool> which) => latest.Where(which).Select(v => v.Party).ToList();
            bool IsRequired(PartyVerdict v) => required.ContainsKey(v.Party);

            // Required parties are named in the claim's order, so a detail does not depend on who spoke first.
            var confirming = Parties(v => IsRequired(v) && v.Decision == Decision.Confirm);
            var denying = Parties(v => IsRequired(v) && v.Decision == Decision.Deny);
            var requiredConfirming = order.Where(confirming.Contains).ToList();
            return new Tally(
                Count: latest.Count,
                Last: latest.Count > 0 ? latest[^1] : new PartyVerdict("", Decision.Confirm),
                HasRequired: required.Count > 0,
                Retracting: Parties(v => v.Decision == Decision.Retract),
                RequiredDenying: order.Where(denying.Contains).ToList(),
                OtherDenying: Parties(v => !IsRequired(v) && v.Decision == Decision.Deny),
                Disputing: Parties(v => v.Decision == Decision.Dispute),
                RequiredConfirming: requiredConfirming,
                OtherConfirming: Parties(v => !IsRequired(v) && v.Decision == Decision.Confirm),
                Awaiting: order.Where(p => !confirming.Contains(p)).ToList());
        }
    }
}
