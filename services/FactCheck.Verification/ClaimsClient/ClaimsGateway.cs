using FactCheck.Verification.Domain;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Polly;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// The verification service's only way to the claims service: every call goes through the
/// resilience pipeline, carries a deadline, and presents the configured verifier key.
///
/// The claims service may be several replicas sharing one database, given as a list of
/// addresses (<see cref="ClaimsClientOptions.Url"/>). Within each attempt of the pipeline, a call
/// that ends UNAVAILABLE (connection refused, the replica stopping) is sent at once to the next
/// address, each try with its own deadline; only when every address refused does the attempt
/// fail, and the pipeline's retry, backoff and circuit breaker take over as with one address.
/// The address that last answered is tried first from then on. Moving a call to another
/// replica is safe because every write carries a request_id, which the replicas' shared
/// database makes idempotent across all of them.
///
/// This is an explicit failover rather than Grpc.Net.Client's client-side load balancing
/// (a static resolver with pick_first): that needs a channel kept for the process's lifetime on
/// a SocketsHttpHandler, whereas clients here come from Grpc.Net.ClientFactory (a channel per
/// client, handlers rotated by IHttpClientFactory, and in tests an in-memory handler).
/// </summary>
public sealed class ClaimsGateway(
    GrpcClientFactory clients, ResiliencePipeline pipeline, IOptions<ClaimsClientOptions> options, TimeProvider clock, ILogger<ClaimsGateway> logger)
{
    /// <summary>The name the claims client for the first (or only) address is registered under with Grpc.Net.ClientFactory.</summary>
    public const string ClientName = "claims";

    private const int ListPageSize = 200;

    private readonly IReadOnlyList<Uri> _addresses = ValidAddresses(options.Value);
    private int _preferred;

    /// <summary>The client name for the address at <paramref name="index"/> in the list: "claims", "claims-2", "claims-3", ...</summary>
    public static string ClientNameFor(int index) => index == 0 ? ClientName : $"{ClientName}-{(index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The claim as the claims service has it now, or null when it does not exist.</summary>
    public async Task<ClaimSnapshot?> GetClaimAsync(string claimId, CancellationToken ct)
    {
        try
        {
            var claim = await CallAsync((c, o) => c.GetClaimAsync(new Api.GetClaimRequest { Name = ClaimName.Of(claimId) }, o), ct);
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

    /// <summary>The address list; the options validator has already refused a broken one at start.</summary>
    private static IReadOnlyList<Uri> ValidAddresses(ClaimsClientOptions options)
    {
        var (addresses, errors) = ClaimsAddresses.Parse(options);
        return errors.Count == 0 ? addresses : throw new InvalidOperationException("ClaimsService:Url: " + string.Join("; ", errors));
    }

    private async Task<T> CallAsync<T>(Func<Api.ClaimsService.ClaimsServiceClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken ct)
    {
        var settings = options.Value;
        return await pipeline.ExecuteAsync(async token =>
        {
            var headers = new Metadata();
            if (settings.ApiKey.Length > 0)
            {
                headers.Add("authorization", $"Bearer {settings.ApiKey}");
            }

            var count = _addresses.Count;
            var first = Volatile.Read(ref _preferred);
            for (var tried = 0; ; tried++)
            {
                var index = (first + tried) % count;
                var client = clients.CreateClient<Api.ClaimsService.ClaimsServiceClient>(ClientNameFor(index));
                // A fresh deadline per try, so a retry or a failover is not born already expired.
                var callOptions = new CallOptions(headers, DateTime.UtcNow + settings.CallTimeout, token);
                try
                {
                    var result = await call(client, callOptions);
                    if (tried > 0 && Interlocked.CompareExchange(ref _preferred, index, first) == first)
                    {
                        logger.FailedOver(_addresses[first], _addresses[index]);
                    }

                    return result;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable && tried + 1 < count && !token.IsCancellationRequested)
                {
                    logger.ReplicaUnavailable(_addresses[index], e.Status.Detail, _addresses[(index + 1) % count]);
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded && count > 1)
                {
                    // A replica that accepts the call but does not answer in time may be hung:
                    // the pipeline's next attempt starts at the next address instead.
                    Interlocked.CompareExchange(ref _preferred, (index + 1) % count, first);
                    throw;
                }
            }
        }, ct);
    }

    private ClaimSnapshot Snapshot(Api.Claim claim) => new(
        ClaimId: ClaimName.IdOf(claim.Name) ?? throw new InvalidDataException($"the claims service answered with '{claim.Name}', which is not a claim name"),
        Status: claim.Status == Api.ClaimStatus.Unspecified ? ClaimStatus.Unverified : (ClaimStatus)(int)claim.Status,
        StatusDetail: claim.StatusDetail,
        RequiredParties: claim.RequiredParties.ToList(),
        DueTime: claim.DueTime?.ToDateTimeOffset(),
        Etag: claim.Etag,
        ReadTime: clock.GetUtcNow());
}
