using FactCheck.Verification.Domain;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.ClientFactory;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// The verification service's only way to the claims service. Every call goes through the
/// resilience pipeline and carries a deadline per attempt; the claims client it uses (one, from
/// Grpc.Net.ClientFactory, see <see cref="ClaimsClientRegistration"/>) presents the verifier key
/// and fails over across the configured replicas itself. What comes back is an outcome about the
/// claim (<see cref="ClaimLookup"/>, <see cref="StatusChangeOutcome"/>, <see cref="DueClaimsLookup"/>),
/// never a proto or an <see cref="RpcException"/>: how gRPC reports things stays in this folder.
/// Only the caller's own cancellation leaves as an exception (<see cref="OperationCanceledException"/>).
/// </summary>
public sealed class ClaimsGateway(
    GrpcClientFactory clients, ResiliencePipeline pipeline, IOptions<ClaimsClientOptions> options, TimeProvider clock)
{
    /// <summary>The name the claims client is registered under with Grpc.Net.ClientFactory.</summary>
    public const string ClientName = "claims";

    private const int ListPageSize = 200;

    /// <summary>The claim as the claims service has it now, or that it has none.</summary>
    public async Task<ClaimLookup> GetClaimAsync(string claimId, CancellationToken ct)
    {
        var reply = await CallAsync((c, o) => c.GetClaimAsync(new Api.GetClaimRequest { Name = ClaimName.Of(claimId) }, o), ct);
        return reply switch
        {
            { Unanswered: { } why } => new ClaimLookup.Unanswered(why),
            { Refusal: StatusCode.NotFound } => new ClaimLookup.Missing(),
            { Refusal: StatusCode.OK } => new ClaimLookup.Found(Snapshot(reply.Value!)),
            _ => throw Unexpected("GetClaim", reply),
        };
    }

    /// <summary>
    /// Sends <paramref name="change"/> to the claim under the <paramref name="etag"/> it was
    /// derived from and <paramref name="requestId"/>, which makes a repeat harmless.
    /// </summary>
    public async Task<StatusChangeOutcome> UpdateStatusAsync(string claimId, StatusChange change, string etag, string requestId, CancellationToken ct)
    {
        var request = new Api.UpdateClaimStatusRequest
        {
            Name = ClaimName.Of(claimId),
            Status = (Api.ClaimStatus)(int)change.Status,
            StatusDetail = change.Detail,
            Reason = change.Reason,
            Etag = etag,
            RequestId = requestId,
        };
        request.Evidence.AddRange(change.Evidence.Select(e => new Api.Evidence
        {
            Url = e.Url,
            Quote = e.Quote,
            ObservedTime = e.ObservedTime is { } t ? Timestamp.FromDateTimeOffset(t) : null,
        }));

        var reply = await CallAsync((c, o) => c.UpdateClaimStatusAsync(request, o), ct);
        return reply switch
        {
            { Unanswered: { } why } => new StatusChangeOutcome.Unanswered(why),
            { Refusal: StatusCode.OK } => new StatusChangeOutcome.Applied(Snapshot(reply.Value!)),
            { Refusal: StatusCode.Aborted } => new StatusChangeOutcome.Conflict(reply.Detail),
            { Refusal: StatusCode.AlreadyExists } => new StatusChangeOutcome.AppliedEarlier(reply.Detail),
            { Refusal: StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.InvalidArgument } => new StatusChangeOutcome.Rejected(reply.Detail),
            _ => throw Unexpected("UpdateClaimStatus", reply),
        };
    }

    /// <summary>
    /// One page of the UNVERIFIED and PENDING claims due strictly before <paramref name="before"/>,
    /// soonest due first, from <paramref name="pageToken"/> (empty for the first page). Paged so
    /// that a caller can act on each page as it comes instead of holding every due claim first.
    /// </summary>
    public async Task<DueClaimsLookup> ListWaitingDueBeforeAsync(DateTimeOffset before, string pageToken, CancellationToken ct)
    {
        var request = new Api.ListClaimsRequest
        {
            PageSize = ListPageSize,
            Statuses = { Api.ClaimStatus.Unverified, Api.ClaimStatus.Pending },
            DueBefore = Timestamp.FromDateTimeOffset(before),
            Order = Api.ClaimOrder.DueSoonest,
            PageToken = pageToken,
        };
        var reply = await CallAsync((c, o) => c.ListClaimsAsync(request, o), ct);
        return reply switch
        {
            { Unanswered: { } why } => new DueClaimsLookup.Unanswered(why),
            { Refusal: StatusCode.OK } => new DueClaimsLookup.Listed(reply.Value!.Claims.Select(Snapshot).ToList(), reply.Value.NextPageToken),
            _ => throw Unexpected("ListClaims", reply),
        };
    }

    /// <summary>
    /// One call through the pipeline, as its reply (<see cref="StatusCode.OK"/>), the claims
    /// service's refusal, or no answer. The caller's own cancellation is thrown.
    /// </summary>
    private async Task<Reply<T>> CallAsync<T>(Func<Api.ClaimsService.ClaimsServiceClient, CallOptions, AsyncUnaryCall<T>> call, CancellationToken ct)
        where T : class
    {
        var timeout = options.Value.CallTimeout;
        try
        {
            // Asked for at each call, not held: the factory builds its one channel at the first
            // call, so a transport that cannot balance over several addresses fails that call,
            // where it is logged, instead of the start of every background service that uses this.
            var client = clients.CreateClient<Api.ClaimsService.ClaimsServiceClient>(ClientName);
            // A fresh deadline per attempt, so a retry is not born already expired.
            var value = await pipeline.ExecuteAsync(
                async token => await call(client, new CallOptions(deadline: DateTime.UtcNow + timeout, cancellationToken: token)), ct);
            return new Reply<T>(value, StatusCode.OK, "", null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            throw new OperationCanceledException("the call to the claims service was cancelled", e, ct);
        }
        catch (RpcException e) when (IsAnswer(e.StatusCode))
        {
            return new Reply<T>(null, e.StatusCode, e.Status.Detail, null);
        }
        catch (RpcException e)
        {
            return new Reply<T>(null, e.StatusCode, e.Status.Detail, new NoAnswer($"{e.StatusCode}: {e.Status.Detail}", $"gRPC status {e.StatusCode}"));
        }
        catch (Exception e) when (e is BrokenCircuitException or OperationCanceledException or HttpRequestException)
        {
            return new Reply<T>(null, StatusCode.Unavailable, e.Message, new NoAnswer(e.Message, "no answer in time"));
        }
    }

    /// <summary>
    /// True for the status codes that are the claims service's answer about the claim; any other
    /// (UNAVAILABLE, DEADLINE_EXCEEDED, UNAUTHENTICATED, INTERNAL, ...) is no answer, and whatever
    /// asked stays queued.
    /// </summary>
    private static bool IsAnswer(StatusCode code) =>
        code is StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.Aborted or StatusCode.AlreadyExists or StatusCode.InvalidArgument;

    private static InvalidDataException Unexpected<T>(string method, Reply<T> reply)
        where T : class =>
        new($"the claims service answered {method} with {reply.Refusal}: {reply.Detail}, which this service does not expect there");

    private ClaimSnapshot Snapshot(Api.Claim claim) => new(
        ClaimId: ClaimName.IdOf(claim.Name) ?? throw new InvalidDataException($"the claims service answered with '{claim.Name}', which is not a claim name"),
        Status: claim.Status == Api.ClaimStatus.Unspecified ? ClaimStatus.Unverified : (ClaimStatus)(int)claim.Status,
        StatusDetail: claim.StatusDetail,
        RequiredParties: claim.RequiredParties.ToList(),
        DueTime: claim.DueTime?.ToDateTimeOffset(),
        Etag: claim.Etag,
        ReadTime: clock.GetUtcNow(),
        UpdateTime: claim.UpdateTime?.ToDateTimeOffset());

    /// <summary>A call's reply (Refusal OK), the claims service's refusal with its detail, or no answer.</summary>
    private readonly record struct Reply<T>(T? Value, StatusCode Refusal, string Detail, NoAnswer? Unanswered)
        where T : class;
}
