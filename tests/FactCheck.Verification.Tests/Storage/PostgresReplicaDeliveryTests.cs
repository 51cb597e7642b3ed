using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Tests.Support;

namespace FactCheck.Verification.Tests.Storage;

/// <summary>
/// Two verification services on one PostgreSQL database, as two replicas: both dispatchers see
/// the same queue, and the store's per-claim delivery lock must keep each claim's rows in order
/// and applied once, whichever replica recorded them and whichever delivers them.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class PostgresReplicaDeliveryTests(PostgresFixture postgres)
{
    private static readonly (ClaimStatus, ClaimStatus, string)[] AgreementConfirmedInOrder =
    [
        (ClaimStatus.Pending, ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"),
        (ClaimStatus.Pending, ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"),
    ];

    [SkippableFact]
    public async Task Verdicts_queued_through_two_replicas_are_delivered_once_and_in_order_by_both_dispatchers()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:Verification"] = await cluster.CreateDatabaseAsync("verification"),
        };
        using var data = new TempFolder();
        using var link = new CuttableLink();
        await using var claims = new ClaimsHost(data);
        link.Connect(claims);
        await using var first = new VerificationHost(data, link, settings: settings);
        await using var second = new VerificationHost(data, link, settings: settings);
        var claimsClient = claims.Client();
        var agreements = new List<Claim>();
        for (var i = 0; i < 3; i++)
        {
            agreements.Add(await Samples.CreateAsync(claimsClient, Samples.Agreement()));
        }

        // Each replica reads the claims once, then the claims service goes away and everything queues.
        foreach (var agreement in agreements)
        {
            await first.Client().GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
            await second.Client().GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });
        }

        link.Cut();
        foreach (var agreement in agreements)
        {
            var washington = await first.Client().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));
            var baghdad = await second.Client().RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Baghdad", VerdictDecision.Confirm));
            Assert.Equal([DeliveryState.Queued, DeliveryState.Queued], new[] { washington.DeliveryState, baghdad.DeliveryState });
        }

        // Both dispatchers now find every claim's rows queued and race for them.
        link.Connect(claims);
        foreach (var agreement in agreements)
        {
            await Eventually.Until(
                () => second.Client().ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name }).ResponseAsync,
                r => r.Verdicts.All(v => v.DeliveryState == DeliveryState.Applied), $"{agreement.Name}'s verdicts to be applied");
            var changes = await SampleVerdicts.StatusChangesAsync(claimsClient, agreement.Name);
            Assert.Equal(AgreementConfirmedInOrder, changes.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
        }
    }
}
