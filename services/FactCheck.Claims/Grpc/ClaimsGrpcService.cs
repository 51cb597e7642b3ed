using FactCheck.Claims.Storage;
using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;
using Google.Protobuf;
using Grpc.Core;
using WriteContext = FactCheck.Domain.WriteContext;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>
/// factcheck.v1.ClaimsService, a thin edge: it reads and checks each request's fields (every
/// problem at once), hands it to the store, which applies <see cref="ClaimDecisions"/> in its
/// write transaction, and maps the result. Refusals travel as domain exceptions that
/// <see cref="FactCheck.GrpcEdge.RefusalInterceptor"/> turns into rich gRPC errors.
/// </summary>
public sealed class ClaimsGrpcService(IClaimStore store, ClaimEventFeed feed, IHostApplicationLifetime lifetime, WatchOptions watchOptions, LimitSettings limits)
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
        ClaimValidation.CheckContent(content, "claim", violations, limits);
        ClaimValidation.CheckRequestId(request.RequestId, "request_id", violations, limits);
        ClaimValidation.CheckClaimId(request.ClaimId, "claim_id", violations);
        var status = request.Claim.Status == Api.ClaimStatus.Unspecified ? null : ClaimMapper.Status(request.Claim.Status, "claim.status", violations);
        ClaimDecisions.CheckInitialStatus(status, request.Claim.StatusDetail, "claim", violations);
        Refusals.ThrowIfAny(violations);

        var claim = await store.CreateAsync(NullIfEmpty(request.ClaimId), content, status ?? ClaimDecisions.DefaultInitialStatus, request.Claim.StatusDetail,
            Write(context, request.RequestId, request), context.CancellationToken);
        return ClaimMapper.ToProto(claim);
    }

    [Reader]
    public override async Task<Api.Claim> GetClaim(Api.GetClaimRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = RequestReader.ClaimId(request.Name, "name", violations);
        Refusals.ThrowIfAny(violations);
        return ClaimMapper.ToProto(await store.GetAsync(id!, context.CancellationToken));
    }

    [Reader]
    public override async Task<Api.ListClaimsResponse> ListClaims(Api.ListClaimsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var pageSize = RequestReader.PageSize(request.PageSize, violations, limits);
        var statuses = request.Statuses.Select((s, i) => ClaimMapper.Status(s, $"statuses[{i}]", violations)).OfType<ClaimStatus>().ToList();
        var dueBefore = RequestReader.Time(request.DueBefore, "due_before", violations);
        var dueAfter = RequestReader.Time(request.DueAfter, "due_after", violations);
        if (dueBefore is not null && dueAfter is not null && dueBefore <= dueAfter)
        {
            violations.Add(new("due_before", "must be later than due_after"));
        }

        ClaimValidation.CheckText(request.Query, limits.MaxQuery, TextKind.Line, "query", violations);

        // A filter longer than any stored value can match nothing; saying so beats an empty page.
        ClaimValidation.CheckLength(request.Speaker, limits.MaxSpeaker, "speaker", violations);
        ClaimValidation.CheckLength(request.Tag, limits.MaxTag, "tag", violations);
        ClaimValidation.CheckLength(request.SourcePublisher, limits.MaxPublisher, "source_publisher", violations);
        ClaimValidation.CheckLength(request.SourceUrl, limits.MaxUrl, "source_url", violations);

        var order = request.Order switch
        {
            Api.ClaimOrder.Unspecified or Api.ClaimOrder.Newest => ClaimOrder.Newest,
            Api.ClaimOrder.Oldest => ClaimOrder.Oldest,
            Api.ClaimOrder.DueSoonest => ClaimOrder.DueSoonest,
            _ => Refuse(violations, new("order", $"unknown order value {(int)request.Order}"), ClaimOrder.Newest),
        };
        var parentId = RequestReader.ClaimId(request.Parent, "parent", violations, required: false);

        var fingerprint = Fingerprints.Of(request, r => { r.PageSize = 0; r.PageToken = ""; });
        var position = RequestReader.PagePosition(request.PageToken, fingerprint, 2, violations);
        var after = position is null ? null : new ListPosition(position[0], position[1]);

        Refusals.ThrowIfAny(violations);
        var filter = new ClaimFilter(statuses, NullIfEmpty(request.Speaker), NullIfEmpty(request.Tag), NullIfEmpty(request.SourcePublisher),
            NullIfEmpty(request.SourceUrl), dueBefore, dueAfter, NullIfEmpty(request.Query), parentId);
        var page = await store.ListAsync(filter, order, after, pageSize, context.CancellationToken);

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
        var fields = ClaimDecisions.ReadUpdateMask(request.UpdateMask?.Paths ?? [], violations);
        var values = ClaimMapper.Content(request.Claim, "claim", violations);
        Refusals.ThrowIfAny(violations);

        var etag = NullIfEmpty(request.Etag) ?? NullIfEmpty(request.Claim.Etag);
        var claim = await store.UpdateContentAsync(id!, etag, new ClaimEdit(fields!, values), Write(context, "", request), context.CancellationToken);
        return ClaimMapper.ToProto(claim);
    }

    [Verifier]
    public override async Task<Api.Claim> UpdateClaimStatus(Api.UpdateClaimStatusRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = RequestReader.ClaimId(request.Name, "name", violations);
        var status = ClaimMapper.Status(request.Status, "status", violations);
        var change = new StatusChange(status ?? ClaimStatus.Unverified, request.StatusDetail, request.Reason, ClaimMapper.Evidence(request.Evidence, "evidence", violations));
        ClaimValidation.CheckStatusChange(change, violations, limits);
        ClaimValidation.CheckRequestId(request.RequestId, "request_id", violations, limits);
        Refusals.ThrowIfAny(violations);

        var claim = await store.ChangeStatusAsync(id!, NullIfEmpty(request.Etag), change, Write(context, request.RequestId, request), context.CancellationToken);
        return ClaimMapper.ToProto(claim);
    }

    [Reader]
    public override async Task<Api.ListClaimHistoryResponse> ListClaimHistory(Api.ListClaimHistoryRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var id = RequestReader.ClaimId(request.Name, "name", violations);
        var asked = SequencePage.Read(request, request.PageSize, request.PageToken, violations, limits);

        Refusals.ThrowIfAny(violations);
        var events = await store.ListHistoryAsync(id!, asked.After, asked.FetchLimit, context.CancellationToken);
        var (page, next) = asked.Split(events, e => e.Sequence);
        var response = new Api.ListClaimHistoryResponse { NextPageToken = next };
        response.Events.AddRange(page.Select(ClaimMapper.ToProto));
        return response;
    }

    [Reader]
    public override async Task WatchClaims(Api.WatchClaimsRequest request, IServerStreamWriter<Api.ClaimEvent> responseStream, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (request.AfterSequence < 0)
        {
            violations.Add(new("after_sequence", "must be 0 (from the beginning) or a sequence number already seen"));
        }

        var statuses = request.Statuses.Select((s, i) => ClaimMapper.Status(s, $"statuses[{i}]", violations)).OfType<ClaimStatus>().ToHashSet();
        ClaimValidation.CheckLength(request.Tag, limits.MaxTag, "tag", violations);
        Refusals.ThrowIfAny(violations);

        // Server shutdown ends the stream with OK rather than an error: the client resumes elsewhere.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        var cursor = request.AfterSequence;
        using var subscription = feed.Subscribe();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var wake = feed.NextAsync();
                // From the shared feed when it holds the events after the cursor; from the table when the cursor is older.
                var batch = feed.TryRead(cursor, watchOptions.BatchSize)
                    ?? (await store.ReadEventsAsync(cursor, watchOptions.BatchSize, stop.Token)).Select(FeedEvent.Of).ToList();
                var matching = batch.Where(e => Matches(e.Event, statuses, request.Tag)).ToList();
                for (var i = 0; i < matching.Count; i++)
                {
                    // Buffered up to the batch's last event, which flushes: one HTTP/2 write per batch, not per event.
                    responseStream.WriteOptions = i < matching.Count - 1 ? BufferedWrite : null;
                    await responseStream.WriteAsync(matching[i].Message, stop.Token);
                }

                if (batch.Count > 0)
                {
                    cursor = batch[^1].Event.Sequence;
                }

                if (batch.Count < watchOptions.BatchSize)
                {
                    // The feed wakes us when it takes in new events; the poll is a fallback should it stop.
                    await ClaimEventFeed.WaitAsync(wake, watchOptions.PollInterval, stop.Token);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The caller left or the server is stopping: both end the stream normally.
        }
    }

    private static readonly WriteOptions BufferedWrite = new(WriteFlags.BufferHint);

    private static bool Matches(ClaimEvent e, HashSet<ClaimStatus> statuses, string tag) =>
        (statuses.Count == 0 || statuses.Contains(e.Claim.Status))
        && (tag.Length == 0 || e.Claim.Content.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase));

    /// <summary>Who writes, with which request id, and a fingerprint of the request without that id.</summary>
    private static WriteContext Write<T>(ServerCallContext context, string requestId, T request)
        where T : IMessage<T>
    {
        var fingerprint = Fingerprints.Of(request, r => r.Descriptor.FindFieldByName("request_id")?.Accessor.SetValue(r, ""));
        return new WriteContext(context.Actor(), requestId, fingerprint);
    }

    private static T Refuse<T>(List<FieldViolation> violations, FieldViolation violation, T fallback = default!)
    {
        violations.Add(violation);
        return fallback;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrEmpty(value) ? null : value;
}
