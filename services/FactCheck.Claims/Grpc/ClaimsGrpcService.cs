using FactCheck.Claims.Application;
using FactCheck.Claims.Storage;
using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;
using Google.Protobuf;
using Grpc.Core;
using WriteContext = FactCheck.Domain.WriteContext;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>
/// factcheck.v1.ClaimsService, a thin edge: each method reads its request into a use case's terms
/// (collecting every field it cannot read), has the use case check it, refuses it with every
/// problem at once as proto paths, then hands it to the use case and maps the result. Refusals
/// travel as domain exceptions that <see cref="FactCheck.GrpcEdge.RefusalInterceptor"/> turns into
/// rich gRPC errors.
/// </summary>
public sealed class ClaimsGrpcService(
    ClaimCreator creator, ClaimEditor editor, StatusChanger statusChanger, ClaimReader reader, ClaimLister lister, ClaimFollower follower,
    ClaimMatcher matcher, IHostApplicationLifetime lifetime, LimitSettings limits)
    : Api.ClaimsService.ClaimsServiceBase
{
    [Editor]
    public override async Task<Api.Claim> CreateClaim(Api.CreateClaimRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Claim is null)
        {
            throw Refusals.Invalid("claim", "is required");
        }

        var content = ClaimMapper.Content(request.Claim, "claim", violations);
        var status = request.Claim.Status == Api.ClaimStatus.Unspecified ? null : ClaimMapper.Status(request.Claim.Status, "claim.status", violations);
        var claim = creator.Check(new NewClaim(
            RequestReader.NullIfEmpty(request.ClaimId), content, status, request.Claim.StatusDetail, Write(context, request.RequestId, request)));
        violations.AddRange(ClaimMapper.OnWire(claim.Violations, "claim"));
        Refusals.ThrowIfAny(violations);

        return ClaimMapper.ToProto(await ClaimMapper.OnWire(creator.CreateAsync(claim, context.CancellationToken), "claim"));
    }

    [Reader]
    public override async Task<Api.Claim> GetClaim(Api.GetClaimRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = RequestReader.ClaimId(request.Name, "name", violations);
        Refusals.ThrowIfAny(violations);
        return ClaimMapper.ToProto(await reader.GetAsync(id!, context.CancellationToken));
    }

    [Reader]
    public override async Task<Api.ListClaimsResponse> ListClaims(Api.ListClaimsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var pageSize = RequestReader.PageSize(request.PageSize, limits, violations);
        var statuses = request.Statuses.Select((s, i) => ClaimMapper.Status(s, $"statuses[{i}]", violations)).OfType<ClaimStatus>().ToList();
        var dueBefore = RequestReader.Time(request.DueBefore, "due_before", violations);
        var dueAfter = RequestReader.Time(request.DueAfter, "due_after", violations);
        var order = request.Order switch
        {
            Api.ClaimOrder.Unspecified or Api.ClaimOrder.Newest => ClaimOrder.Newest,
            Api.ClaimOrder.Oldest => ClaimOrder.Oldest,
            Api.ClaimOrder.DueSoonest => ClaimOrder.DueSoonest,
            _ => RequestReader.Refuse(violations, new("order", $"unknown order value {(int)request.Order}"), ClaimOrder.Newest),
        };
        var parentId = RequestReader.ClaimId(request.Parent, "parent", violations, required: false);

        var fingerprint = Fingerprints.Of(request, r => { r.PageSize = 0; r.PageToken = ""; });
        var position = RequestReader.PagePosition(request.PageToken, fingerprint, 2, violations);
        var after = position is null ? null : new ListPosition(position[0], position[1]);

        var filter = new ClaimFilter(statuses, RequestReader.NullIfEmpty(request.Speaker), RequestReader.NullIfEmpty(request.Tag), RequestReader.NullIfEmpty(request.SourcePublisher),
            RequestReader.NullIfEmpty(request.SourceUrl), dueBefore, dueAfter, RequestReader.NullIfEmpty(request.Query), parentId);
        var listing = lister.Check(new ClaimListing(filter, order, after, pageSize));
        violations.AddRange(ClaimMapper.OnWire(listing.Violations));
        Refusals.ThrowIfAny(violations);

        var page = await lister.ListAsync(listing, context.CancellationToken);
        var response = new Api.ListClaimsResponse
        {
            NextPageToken = page.Next is null ? "" : PageTokens.Encode(fingerprint, page.Next.SortKey, page.Next.RowKey),
        };
        response.Claims.AddRange(page.Claims.Select(ClaimMapper.ToProto));
        return response;
    }

    [Editor]
    public override async Task<Api.Claim> UpdateClaim(Api.UpdateClaimRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.Claim is null)
        {
            throw Refusals.Invalid("claim", "is required, with its name and the new values");
        }

        var id = RequestReader.ClaimId(request.Claim.Name, "claim.name", violations);
        var fields = ClaimMapper.UpdateMask(request.UpdateMask?.Paths ?? [], violations);
        var values = ClaimMapper.Content(request.Claim, "claim", violations);
        var etag = RequestReader.NullIfEmpty(request.Etag) ?? RequestReader.NullIfEmpty(request.Claim.Etag);
        var edit = editor.Check(new ContentEdit(id ?? "", etag, new ClaimEdit(fields ?? new HashSet<string>(), values), Write(context, "", request)));
        violations.AddRange(ClaimMapper.OnWire(edit.Violations, "claim"));
        Refusals.ThrowIfAny(violations);

        return ClaimMapper.ToProto(await ClaimMapper.OnWire(editor.EditAsync(edit, context.CancellationToken), "claim"));
    }

    [Verifier]
    public override async Task<Api.Claim> UpdateClaimStatus(Api.UpdateClaimStatusRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = RequestReader.ClaimId(request.Name, "name", violations);
        var status = ClaimMapper.Status(request.Status, "status", violations);
        var change = new StatusChange(status ?? ClaimStatus.Unverified, request.StatusDetail, request.Reason, ClaimMapper.Evidence(request.Evidence, "evidence", violations));
        var checkedChange = statusChanger.Check(new ClaimStatusChange(id ?? "", RequestReader.NullIfEmpty(request.Etag), change, Write(context, request.RequestId, request)));
        violations.AddRange(ClaimMapper.OnWire(checkedChange.Violations));
        Refusals.ThrowIfAny(violations);

        return ClaimMapper.ToProto(await ClaimMapper.OnWire(statusChanger.ChangeAsync(checkedChange, context.CancellationToken)));
    }

    [Reader]
    public override async Task<Api.ListClaimHistoryResponse> ListClaimHistory(Api.ListClaimHistoryRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = RequestReader.ClaimId(request.Name, "name", violations);
        var asked = SequencePage.Read(request, request.PageSize, request.PageToken, limits, violations);
        Refusals.ThrowIfAny(violations);

        var events = await reader.HistoryAsync(id!, asked.After, asked.FetchLimit, context.CancellationToken);
        var (page, next) = asked.Split(events, e => e.Sequence);
        var response = new Api.ListClaimHistoryResponse { NextPageToken = next };
        response.Events.AddRange(page.Select(ClaimMapper.ToProto));
        return response;
    }

    [Reader]
    public override async Task WatchClaims(Api.WatchClaimsRequest request, IServerStreamWriter<Api.ClaimEvent> responseStream, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var statuses = request.Statuses.Select((s, i) => ClaimMapper.Status(s, $"statuses[{i}]", violations)).OfType<ClaimStatus>().ToHashSet();
        var following = follower.Check(new ClaimFollowing(request.AfterSequence, statuses, request.Tag));
        violations.AddRange(ClaimMapper.OnWire(following.Violations));
        Refusals.ThrowIfAny(violations);

        // Server shutdown ends the stream with OK rather than an error: the client resumes elsewhere.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        try
        {
            await foreach (var batch in follower.FollowAsync(following, stop.Token))
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    // Buffered up to the batch's last event, which flushes: one HTTP/2 write per batch, not per event.
                    responseStream.WriteOptions = i < batch.Count - 1 ? BufferedWrite : null;
                    await responseStream.WriteAsync(batch[i].As(ClaimMapper.ToProto), stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller left or the server is stopping: both end the stream normally.
        }
        catch (RefusalException refusal) when (refusal.Violations.Count > 0)
        {
            // A resume point beyond the newest event, named as the request's field.
            throw refusal.WithFields(key => ClaimMapper.FieldPath(key));
        }
    }

    [Reader]
    public override async Task<Api.MatchClaimsResponse> MatchClaims(Api.MatchClaimsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var statuses = request.Statuses.Select((s, i) => ClaimMapper.Status(s, $"statuses[{i}]", violations)).OfType<ClaimStatus>().ToList();
        var query = matcher.Check(new MatchQuery(request.Text, request.PageSize, statuses, RequestReader.NullIfEmpty(request.Tag), RequestReader.NullIfEmpty(request.Language)));
        violations.AddRange(ClaimMapper.OnWire(query.Violations));
        Refusals.ThrowIfAny(violations);

        var results = await matcher.MatchAsync(query, context.CancellationToken);
        var response = new Api.MatchClaimsResponse { UnindexedClaims = results.Unindexed, SemanticModel = results.SemanticModel ?? "" };
        response.Matches.AddRange(results.Matches.Select(ClaimMapper.ToProto));
        return response;
    }

    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    /// <summary>
    /// Who writes, with which request id, and a fingerprint of the request without that id. The
    /// fingerprint tells a retry from another request under the same id, so a write without an id
    /// has none to compute (copying, encoding and hashing the request was per-call CPU for nothing).
    /// </summary>
    private static WriteContext Write<T>(ServerCallContext context, string requestId, T request)
        where T : IMessage<T>
    {
        var fingerprint = string.IsNullOrEmpty(requestId) ? "" : Fingerprints.Of(request, r => r.Descriptor.FindFieldByName("request_id")?.Accessor.SetValue(r, ""));
        return new WriteContext(context.Actor(), requestId, fingerprint);
    }
}
