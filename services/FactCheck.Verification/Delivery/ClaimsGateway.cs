using FactCheck.Verification.Domain;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Polly;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.Delivery;

/// <summary>
/// The verification service's only way to the claims service: every call goes through the
/// resilience pipeline, carries a deadline, and presents the configured verifier key.
/// </summary>
public sealed class ClaimsGateway(GrpcClientFactory clients, ResiliencePipeline pipeline, IOptions<ClaimsClientOptions> options, TimeProvider clock)
{
    /// <summary>The name the claims client is registered under with Grpc.Net.ClientFactory.</summary>
    public const string ClientName = "claims";

    private const int ListPageSize = 200;

    /// <summary>The claim as the claims service has it now, or null when it does not exist.</summary>
    public async Task<ClaimSnapshot?> GetClaimAsync(string claimId, CancellationToken ct)
    {
        try
        {
            var claim = await CallAsync((c, o) => c.GetClaimAsync(new Api.GetClaimRequest { Name = ClaimName(claimId) }, o), ct);
            return Snapshot(claim);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
    }

    public Task<Api.Claim> UpdateStatusAsync(Api.UpdateClaimStatusRequest request, CancellationToken ct) =>
        CallAsync((c, o) => c.UpdateClaimStatusAsync(request, o), ct);

    /// <summary>Every UNVERIFIED or PENDING claim due strictly before <paramref name="before"/>, all pages.</summary>
    public async Task<IReadOnlyList<ClaimSnapshot>> ListWaitingDueBeforeAsync(DateTimeOffset before, CancellationToken ct)
    {
        var found = new List<ClaimSnapshot>();
        var request = new Api.ListClaimsRequest
        {
            PageSize = ListPageSize,
            Statuses = { Api.ClaimStatus.Unverified, Api.ClaimStatus.Pending },
            DueBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(before),
            Order = Api.ClaimOrder.DueSoonest,
        };
        do
        {
            var page = await CallAsync((c, o) => c.ListClaimsAsync(request, o), ct);
            found.AddRange(page.Claims.Select(Snapshot));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return found;
    }

    public static string ClaimName(string claimId) => "claims/" + claimId;

    private async Task<T> CallAsync<T>(Func<Api.ClaimsService.ClaimsServiceClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken ct)
    {
        var client = clients.CreateClient<Api.ClaimsService.ClaimsServiceClient>(ClientName);
        var settings = options.Value;
        return await pipeline.ExecuteAsync(async token =>
        {
            var headers = new Metadata();
            if (settings.ApiKey.Length > 0)
            {
                headers.Add("authorization", $"Bearer {settings.ApiKey}");
            }

            // A fresh deadline per attempt, so a retry is not born already expired.
            var options = new CallOptions(headers, DateTime.UtcNow + settings.CallTimeout, token);
            return await call(client, options);
        }, ct);
    }

    private ClaimSnapshot Snapshot(Api.Claim claim) => new(
        ClaimId: claim.Name.StartsWith("claims/", StringComparison.Ordinal) ? claim.Name["claims/".Length..] : claim.Name,
        Status: claim.Status == Api.ClaimStatus.Unspecified ? ClaimStatus.Unverified : (ClaimStatus)(int)claim.Status,
        StatusDetail: claim.StatusDetail,
        RequiredParties: claim.RequiredParties.ToList(),
        DueTime: claim.DueTime?.ToDateTimeOffset(),
        Etag: claim.Etag,
        ReadTime: clock.GetUtcNow());
}
