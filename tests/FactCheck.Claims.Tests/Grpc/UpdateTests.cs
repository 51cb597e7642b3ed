using FactCheck.Testing;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Grpc;

public class UpdateTests
{
    private static UpdateClaimStatusRequest Confirm(string name, string etag = "", string requestId = "") => new()
    {
        Name = name,
        Status = ClaimStatus.Confirmed,
        StatusDetail = "confirmed by Washington and Baghdad",
        Reason = "both governments gave the final go-ahead",
        Evidence = { new Evidence { Url = "https://example.org/statements/go-ahead", Quote = "We approve the agreement.", ObservedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero)) } },
        Etag = etag,
        RequestId = requestId,
    };

    [Fact]
    public async Task Update_changes_only_the_masked_fields_and_never_the_status()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var edit = created.Clone();
        edit.Text = "US and Iraqi diplomats agreed on a US troop withdrawal from Iraq.";
        edit.Speaker = "ignored because not in the mask";
        edit.Status = ClaimStatus.Confirmed;

        var updated = await client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new FieldMask { Paths = { "text" } } });

        Assert.Equal(edit.Text, updated.Text);
        Assert.Equal(created.Speaker, updated.Speaker);
        Assert.Equal(ClaimStatus.Pending, updated.Status);
        Assert.NotEqual(created.Etag, updated.Etag);
        Assert.True(updated.UpdateTime.ToDateTimeOffset() >= created.UpdateTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Update_with_a_stale_etag_is_aborted_and_changes_nothing()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var edit = created.Clone();
        edit.Tags.Add("first-edit");
        await client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new FieldMask { Paths = { "tags" } } });

        edit.Tags.Add("second-edit");
        var error = await RpcAssert.FailsWith(StatusCode.Aborted, () => client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new FieldMask { Paths = { "tags" } }, Etag = created.Etag }).ResponseAsync);

        Assert.Equal("ETAG_MISMATCH", RpcAssert.Info(error).Reason);
        Assert.DoesNotContain("second-edit", (await client.GetClaimAsync(new GetClaimRequest { Name = created.Name })).Tags);
    }

    [Fact]
    public async Task Update_mask_must_name_editable_fields()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });

        var violations = await RpcAssert.InvalidFields(() => client.UpdateClaimAsync(new UpdateClaimRequest { Claim = created, UpdateMask = new FieldMask { Paths = { "status", "etag", "text" } } }).ResponseAsync);
        Assert.Contains("UpdateClaimStatus", violations["update_mask.paths[0]"], StringComparison.Ordinal);
        Assert.Contains("not an editable field", violations["update_mask.paths[1]"], StringComparison.Ordinal);

        var missing = await RpcAssert.InvalidFields(() => client.UpdateClaimAsync(new UpdateClaimRequest { Claim = created }).ResponseAsync);
        Assert.Contains("update_mask", missing.Keys);
    }

    [Fact]
    public async Task Update_that_breaks_a_rule_is_refused_and_leaves_the_claim_as_it_was()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var edit = created.Clone();
        edit.Sources.Clear();
        edit.Text = "";

        var violations = await RpcAssert.InvalidFields(() => client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new FieldMask { Paths = { "*" } } }).ResponseAsync);

        Assert.Contains("claim.sources", violations.Keys);
        Assert.Contains("claim.text", violations.Keys);
        Assert.Equal(created, await client.GetClaimAsync(new GetClaimRequest { Name = created.Name }));
        Assert.Single((await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name })).Events);
    }

    [Fact]
    public async Task A_claim_cannot_become_its_own_ancestor()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var agreement = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var withdrawal = await client.CreateClaimAsync(SampleClaims.Create("final-withdrawal", claimId: "", parent: agreement.Name));
        var edit = agreement.Clone();
        edit.Parent = withdrawal.Name;

        var violations = await RpcAssert.InvalidFields(() => client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new FieldMask { Paths = { "parent" } } }).ResponseAsync);
        Assert.Contains("cannot depend on itself", violations["claim.parent"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_change_is_recorded_with_actor_reason_evidence_and_request_id()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });

        var confirmed = await client.UpdateClaimStatusAsync(Confirm(created.Name, created.Etag, "delivery-17"));

        Assert.Equal(ClaimStatus.Confirmed, confirmed.Status);
        Assert.Equal("confirmed by Washington and Baghdad", confirmed.StatusDetail);
        var history = (await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name })).Events;
        Assert.Equal([ClaimEventType.Created, ClaimEventType.StatusChanged], history.Select(e => e.Type));
        var change = history[1];
        Assert.Equal(ClaimStatus.Pending, change.PreviousStatus);
        Assert.Equal(ClaimStatus.Confirmed, change.Claim.Status);
        Assert.Equal("anonymous", change.Actor);
        Assert.Equal("both governments gave the final go-ahead", change.Reason);
        Assert.Equal("https://example.org/statements/go-ahead", Assert.Single(change.Evidence).Url);
        Assert.Equal("delivery-17", change.RequestId);
        Assert.Equal(confirmed.UpdateTime, change.Time);
    }

    [Fact]
    public async Task Disallowed_transition_is_failed_precondition_naming_both_statuses()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = created.Name, Status = ClaimStatus.Retracted, Reason = "the official withdrew the statement" });

        var error = await RpcAssert.FailsWith(StatusCode.FailedPrecondition, () => client.UpdateClaimStatusAsync(Confirm(created.Name)).ResponseAsync);

        Assert.Contains("CLAIM_STATUS_RETRACTED", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("CLAIM_STATUS_CONFIRMED", error.Status.Detail, StringComparison.Ordinal);
        var info = RpcAssert.Info(error);
        Assert.Equal("TRANSITION_NOT_ALLOWED", info.Reason);
        Assert.Equal("CLAIM_STATUS_RETRACTED", info.Metadata["from"]);
        Assert.Equal("CLAIM_STATUS_CONFIRMED", info.Metadata["to"]);
        Assert.Equal(2, (await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name })).Events.Count);
    }

    [Fact]
    public async Task Status_change_needs_a_known_status_and_a_reason()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });

        var violations = await RpcAssert.InvalidFields(() => client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest
        {
            Name = created.Name,
            Status = (ClaimStatus)77,
            Evidence = { new Evidence { Url = "mailto:someone" } },
        }).ResponseAsync);

        Assert.Equal(["evidence[0].url", "reason", "status"], violations.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Status_change_on_a_missing_claim_is_not_found()
    {
        using var server = ClaimsHost.Open();
        await RpcAssert.FailsWith(StatusCode.NotFound, () => server.Client().UpdateClaimStatusAsync(Confirm("claims/missing")).ResponseAsync);
    }

    [Fact]
    public async Task Repeated_status_request_id_applies_once()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var request = Confirm(created.Name, created.Etag, "outbox-1");

        var first = await client.UpdateClaimStatusAsync(request);
        var retry = await client.UpdateClaimStatusAsync(request);

        Assert.Equal(first, retry);
        Assert.Equal(2, (await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name })).Events.Count);
    }

    [Fact]
    public async Task Concurrent_status_updates_with_one_etag_let_exactly_one_win()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var statuses = new[] { ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Pending, ClaimStatus.Overdue, ClaimStatus.Retracted, ClaimStatus.Confirmed, ClaimStatus.Disputed };

        var outcomes = await Task.WhenAll(statuses.Select(async status =>
        {
            try
            {
                await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = created.Name, Status = status, Reason = $"race to {status}", Etag = created.Etag });
                return StatusCode.OK;
            }
            catch (RpcException e)
            {
                return e.StatusCode;
            }
        }));

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.All(outcomes.Where(o => o != StatusCode.OK), o => Assert.Equal(StatusCode.Aborted, o));
        Assert.Equal(2, (await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = created.Name })).Events.Count);
    }
}
