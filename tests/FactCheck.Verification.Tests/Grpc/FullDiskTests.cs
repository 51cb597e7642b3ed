using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Tests.Support;
using Grpc.Core;

namespace FactCheck.Verification.Tests.Grpc;

/// <summary>
/// The verification service on a SQLite file that cannot grow (Storage:SqliteMaxMegabytes, which
/// fails a write the way a full disk does): a verdict it cannot store is refused with
/// RESOURCE_EXHAUSTED naming its database, not INTERNAL; nothing is stored by halves and reads go on.
/// </summary>
public sealed class FullDiskTests
{
    [Fact]
    public async Task A_verdict_the_full_database_cannot_store_is_RESOURCE_EXHAUSTED_and_every_acknowledged_verdict_is_whole()
    {
        await using var pair = new ServicePair(settings: new Dictionary<string, string?> { ["Storage:SqliteMaxMegabytes"] = "1" });
        var agreement = await Samples.CreateAsync(pair.ClaimsClient(), Samples.Agreement());
        var desk = pair.Desk();
        var acknowledged = new List<string>();
        RpcException full;
        while (true)
        {
            try
            {
                var reply = await desk.RecordVerdictAsync(SampleVerdicts.Verdict(agreement.Name, "Washington", VerdictDecision.Confirm));
                acknowledged.Add(reply.Verdict.Name);
            }
            catch (RpcException e)
            {
                full = e;
                break;
            }

            Assert.True(acknowledged.Count < 20_000, "a 1 MB file took 20,000 verdicts: the limit is not applied");
        }

        var stored = new List<string>();
        var page = new ListVerdictsResponse { NextPageToken = "" };
        do
        {
            page = await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name, PageSize = 500, PageToken = page.NextPageToken });
            stored.AddRange(page.Verdicts.Select(v => v.Name));
        }
        while (page.NextPageToken.Length > 0);
        var summary = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name });

        Assert.True(full.StatusCode == StatusCode.ResourceExhausted, full.Status.ToString());
        var info = RpcAssert.Info(full);
        Assert.Equal(("DATABASE_FULL", "verification.factcheck.v1", "verification database"), (info.Reason, info.Domain, info.Metadata["database"]));
        Assert.Equal("the verification database's disk is full; writes are refused until an operator frees space (reads go on)", full.Status.Detail);
        Assert.NotEmpty(acknowledged);
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Equal(ClaimStatus.Pending, summary.Status);
    }
}
