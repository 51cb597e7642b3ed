using FactCheck.Domain;
using FactCheck.Verification.Domain;

namespace FactCheck.Verification.Tests.Domain;

/// <summary>
/// The verdict → status rules, row by row, as docs/api.md's table states them. Each row: required
/// parties, each party's latest verdict in recorded order, the claim's current status and
/// detail, its due time (past or future of "now"), the decision being delivered, and the outcome.
/// </summary>
public class StatusRulesTests
{
    private const string WB = "Washington,Baghdad";
    private static readonly DateTimeOffset Now = new(2025, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset PastDue = new(2025, 9, 30, 23, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset FutureDue = new(2026, 12, 31, 23, 59, 59, TimeSpan.Zero);

    [Theory]
    // Claims with required parties: confirmations count towards them.
    [InlineData(WB, "Washington=Confirm", "Pending", "awaiting Washington and Baghdad", "", "", "Change", "Pending", "confirmed by Washington; awaiting Baghdad")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm", "Pending", "", "", "", "Change", "Confirmed", "confirmed by Washington and Baghdad")]
    [InlineData(WB, "Baghdad=Confirm;Washington=Confirm", "Pending", "", "", "", "Change", "Confirmed", "confirmed by Washington and Baghdad")]
    [InlineData(WB, "washington=Confirm", "Pending", "", "", "", "Change", "Pending", "confirmed by Washington; awaiting Baghdad")]
    [InlineData(WB, "Washington=Confirm", "Unverified", "", "", "", "Change", "Pending", "confirmed by Washington; awaiting Baghdad")]
    // A required party's denial refutes, and outweighs a dispute.
    [InlineData(WB, "Washington=Deny", "Pending", "", "", "", "Change", "Refuted", "denied by Washington")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Deny", "Pending", "", "", "", "Change", "Refuted", "denied by Baghdad")]
    [InlineData(WB, "Washington=Deny;Baghdad=Dispute", "Pending", "", "", "", "Change", "Refuted", "denied by Washington")]
    // Any dispute, and a denial by a party that is not required, make it DISPUTED.
    [InlineData(WB, "Washington=Confirm;Baghdad=Dispute", "Pending", "", "", "", "Change", "Disputed", "disputed by Baghdad")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm;Ankara=Dispute", "Confirmed", "confirmed by Washington and Baghdad", "", "", "Change", "Disputed", "disputed by Ankara")]
    [InlineData(WB, "Washington=Confirm;Ankara=Deny", "Pending", "", "", "", "Change", "Disputed", "denied by Ankara (not a required party)")]
    // A confirmation by a party that is not required is noted but does not count.
    [InlineData(WB, "Ankara=Confirm", "Unverified", "", "", "", "Change", "Pending", "awaiting Washington and Baghdad; also confirmed by Ankara (not a required party)")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm;Ankara=Confirm", "Pending", "", "", "", "Change", "Confirmed", "confirmed by Washington and Baghdad; also confirmed by Ankara (not a required party)")]
    // A retraction by anyone retracts, before every other rule.
    [InlineData(WB, "Washington=Retract", "Pending", "", "", "", "Change", "Retracted", "retracted according to Washington")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm;Ankara=Retract", "Confirmed", "confirmed by Washington and Baghdad", "", "", "Change", "Retracted", "retracted according to Ankara")]
    // Without required parties, the latest verdict decides.
    [InlineData("", "Reporter=Confirm", "Unverified", "", "", "", "Change", "Confirmed", "confirmed by Reporter")]
    [InlineData("", "Agency=Confirm;Ministry=Deny", "Confirmed", "confirmed by Agency", "", "", "Change", "Refuted", "denied by Ministry")]
    [InlineData("", "Agency=Deny;Ministry=Confirm", "Refuted", "denied by Agency", "", "", "Change", "Confirmed", "confirmed by Ministry")]
    [InlineData("", "Agency=Dispute", "Unverified", "", "", "", "Change", "Disputed", "disputed by Agency")]
    [InlineData("", "Agency=Dispute;Ministry=Confirm", "Disputed", "disputed by Agency", "", "", "Change", "Confirmed", "confirmed by Ministry")]
    [InlineData("", "", "Unverified", "", "", "", "Unchanged", "Unverified", "")]
    // Due time: waiting past it is OVERDUE; a late confirmation still confirms.
    [InlineData(WB, "Washington=Confirm", "Pending", "", "past", "", "Change", "Overdue", "overdue since 2025-09-30; confirmed by Washington; awaiting Baghdad")]
    [InlineData(WB, "", "Pending", "awaiting Washington and Baghdad", "past", "", "Change", "Overdue", "overdue since 2025-09-30; awaiting Washington and Baghdad")]
    [InlineData("", "", "Pending", "", "past", "", "Change", "Overdue", "overdue since 2025-09-30; no verdict yet")]
    [InlineData("", "", "Unverified", "", "future", "", "Unchanged", "Unverified", "")]
    [InlineData(WB, "Washington=Confirm", "Overdue", "overdue since 2025-09-30; awaiting Washington and Baghdad", "past", "Confirm", "Change", "Overdue", "overdue since 2025-09-30; confirmed by Washington; awaiting Baghdad")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm", "Overdue", "overdue since 2025-09-30; awaiting Baghdad", "past", "Confirm", "Change", "Confirmed", "confirmed by Washington and Baghdad")]
    [InlineData("", "Reporter=Confirm", "Overdue", "overdue since 2025-09-30; no verdict yet", "past", "Confirm", "Change", "Confirmed", "confirmed by Reporter")]
    [InlineData(WB, "", "Overdue", "overdue since 2025-09-30; awaiting Washington and Baghdad", "past", "", "Unchanged", "Overdue", "overdue since 2025-09-30; awaiting Washington and Baghdad")]
    // The claims service's transition table: DISPUTED cannot become OVERDUE, so it waits as PENDING first.
    [InlineData(WB, "Washington=Confirm", "Disputed", "disputed by Baghdad", "past", "", "Change", "Pending", "confirmed by Washington; awaiting Baghdad")]
    [InlineData(WB, "Washington=Confirm", "Refuted", "denied by Washington", "", "Confirm", "Change", "Pending", "confirmed by Washington; awaiting Baghdad")]
    // Nothing to send when the claim already reads so, or its status cannot take a new detail.
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm", "Confirmed", "confirmed by Washington and Baghdad", "", "Confirm", "Unchanged", "Confirmed", "confirmed by Washington and Baghdad")]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm;Ankara=Confirm", "Confirmed", "confirmed by Washington and Baghdad", "", "Confirm", "Unchanged", "Confirmed", "confirmed by Washington and Baghdad")]
    [InlineData(WB, "Washington=Deny;Baghdad=Deny", "Refuted", "denied by Washington", "", "Deny", "Unchanged", "Refuted", "denied by Washington")]
    [InlineData(WB, "Washington=Retract", "Retracted", "retracted according to Washington", "", "Retract", "Unchanged", "Retracted", "retracted according to Washington")]
    // Refused: moves the claims service does not allow, and anything on a RETRACTED claim.
    [InlineData(WB, "Washington=Confirm", "Confirmed", "confirmed by Washington and Baghdad", "", "Confirm", "Refused", "Confirmed", "confirmed by Washington and Baghdad")]
    [InlineData(WB, "Washington=Confirm", "Overdue", "overdue since 2026-12-31; awaiting Washington and Baghdad", "future", "Confirm", "Refused", "Overdue", "overdue since 2026-12-31; awaiting Washington and Baghdad")]
    [InlineData(WB, "Washington=Retract;Baghdad=Confirm", "Retracted", "retracted according to Washington", "", "Confirm", "Refused", "Retracted", "retracted according to Washington")]
    [InlineData(WB, "Washington=Retract;Baghdad=Retract", "Retracted", "retracted according to Washington", "", "Retract", "Refused", "Retracted", "retracted according to Washington")]
    public void Row(string required, string verdicts, string current, string currentDetail, string due, string applying,
        string kind, string status, string detail)
    {
        var outcome = StatusRules.Derive(Input(required, verdicts, current, currentDetail, due, applying));

        Assert.Equal((Enum.Parse<OutcomeKind>(kind), Enum.Parse<ClaimStatus>(status), detail), (outcome.Kind, outcome.Status, outcome.Detail));
        if (outcome.Kind == OutcomeKind.Refused)
        {
            Assert.NotEmpty(outcome.Explanation);
        }
    }

    [Theory]
    // Awaited: the required parties whose latest verdict is not a confirmation, as the claim spells and orders them.
    [InlineData(WB, "", "Pending", "", "Washington,Baghdad", false)]
    [InlineData(WB, "baghdad=Confirm", "Pending", "", "Washington", false)]
    [InlineData(WB, "Washington=Confirm;Baghdad=Deny", "Pending", "", "Baghdad", false)]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm;Ankara=Dispute", "Confirmed", "", "", false)]
    [InlineData("", "Reporter=Confirm", "Unverified", "", "", false)]
    // Overdue: past due while the claim, as the claims service holds it, still waits (verification.proto's `overdue`).
    [InlineData(WB, "Washington=Confirm", "Pending", "past", "Baghdad", true)]
    [InlineData("", "", "Unverified", "past", "", true)]
    [InlineData(WB, "", "Overdue", "past", "Washington,Baghdad", true)]
    [InlineData(WB, "Washington=Confirm", "Disputed", "past", "Baghdad", false)]
    [InlineData(WB, "Washington=Confirm", "Pending", "future", "Baghdad", false)]
    [InlineData(WB, "Washington=Confirm;Baghdad=Confirm", "Overdue", "past", "", true)]
    [InlineData("", "Agency=Deny", "Pending", "past", "", true)]
    [InlineData(WB, "Washington=Confirm", "Overdue", "future", "Baghdad", false)]
    [InlineData(WB, "Washington=Retract", "Pending", "past", "Washington,Baghdad", true)]
    public void Awaited_parties_and_overdue(string required, string verdicts, string current, string due, string awaited, bool overdue)
    {
        var outcome = StatusRules.Derive(Input(required, verdicts, current, "", due, ""));

        Assert.Equal(awaited.Split(',', StringSplitOptions.RemoveEmptyEntries), outcome.AwaitedParties);
        Assert.Equal(overdue, outcome.IsOverdue);
    }

    [Fact]
    public void A_claim_snapshot_and_its_verdicts_make_the_input_with_each_party_latest_once()
    {
        static Verdict V(long seq, string party, Decision decision) =>
            new($"v{seq}", seq, new VerdictContent("agreement", party, "", decision, [], ""), DateTimeOffset.UnixEpoch, "desk", VerdictDelivery.Queued);
        var claim = new ClaimSnapshot("agreement", ClaimStatus.Pending, "awaiting Washington and Baghdad", ["Washington", "Baghdad"], PastDue, "\"3\"", Now);

        var input = StatusInput.Of(claim, [V(1, "Washington", Decision.Deny), V(2, "Baghdad", Decision.Confirm), V(3, "washington", Decision.Confirm)], Now, Decision.Confirm);

        Assert.Equal(
            new StatusInput(claim.RequiredParties, input.LatestVerdicts, ClaimStatus.Pending, "awaiting Washington and Baghdad", PastDue, Now, Decision.Confirm),
            input);
        Assert.Equal([new PartyVerdict("Baghdad", Decision.Confirm), new PartyVerdict("washington", Decision.Confirm)], input.LatestVerdicts);
    }

    /// <summary>A row's input: "A,B" required parties, "A=Confirm;B=Deny" latest verdicts, "past"/"future"/"" due time, "" for no decision applied.</summary>
    private static StatusInput Input(string required, string verdicts, string current, string currentDetail, string due, string applying) =>
        new(
            RequiredParties: required.Split(',', StringSplitOptions.RemoveEmptyEntries),
            LatestVerdicts: verdicts.Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.Split('='))
                .Select(p => new PartyVerdict(p[0], Enum.Parse<Decision>(p[1])))
                .ToList(),
            Current: Enum.Parse<ClaimStatus>(current),
            CurrentDetail: currentDetail,
            DueTime: due switch { "past" => PastDue, "future" => FutureDue, _ => null },
            Now: Now,
            Applying: applying.Length == 0 ? null : Enum.Parse<Decision>(applying));

    [Fact]
    public void Refusals_explain_which_move_is_not_allowed()
    {
        var outcome = StatusRules.Derive(new StatusInput(["Washington", "Baghdad"], [new("Washington", Decision.Confirm)],
            ClaimStatus.Confirmed, "confirmed by Washington and Baghdad", null, Now, Decision.Confirm));

        Assert.Equal("the claims service does not allow a claim to move from CLAIM_STATUS_CONFIRMED to CLAIM_STATUS_PENDING", outcome.Explanation);
    }

    [Fact]
    public void Details_are_cut_to_what_the_claims_service_accepts()
    {
        var parties = Enumerable.Range(1, 20).Select(i => $"Party number {i} with a rather long official name that goes on and on").ToList();

        var outcome = StatusRules.Derive(new StatusInput(parties, [new(parties[0], Decision.Confirm)], ClaimStatus.Pending, "", null, Now));

        Assert.Equal(Limits.MaxStatusDetail, outcome.Detail.Length);
        Assert.StartsWith($"confirmed by {parties[0]}; awaiting {parties[1]}", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void The_latest_verdict_of_each_party_counts_once_in_recorded_order()
    {
        static Verdict V(long seq, string party, Decision decision) =>
            new($"v{seq}", seq, new VerdictContent("c", party, "", decision, [], ""), DateTimeOffset.UnixEpoch, "desk", VerdictDelivery.Queued);

        var latest = VerdictSets.LatestPerParty([V(1, "Washington", Decision.Deny), V(2, "Baghdad", Decision.Confirm), V(3, "washington", Decision.Confirm)]);

        Assert.Equal([2L, 3L], latest.Select(v => v.Sequence));
    }
}
