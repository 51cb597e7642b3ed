using FactCheck.ServiceDefaults;
using FactCheck.GrpcEdge;
using FactCheck.Verification.Application;
using FactCheck.Verification.Delivery;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;
using Grpc.Core;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.Grpc;

/// <summary>
/// factcheck.v1.VerificationService: checks and maps each request at the edge, then hands it
/// to the recorder, the store or the summary reader. Refusals travel as domain exceptions that
/// <see cref="FactCheck.GrpcEdge.RefusalInterceptor"/> turns into rich gRPC errors.
/// </summary>
public sealed class VerificationGrpcService(VerdictRecorder recorder, IVerdictStore store, SummaryReader summaries, Reconciler reconciler, LimitSettings limits)
    : Api.VerificationService.VerificationServiceBase
{
    [Verifier]
    public override async Task<Api.RecordVerdictResponse> RecordVerdict(Api.RecordVerdictRequest request, ServerCallContext context)
    {
        if (request.Verdict is null)
        {
            throw Refusals.Invalid("verdict", "is required");
        }

        var violations = new List<FieldViolation>();
        var content = VerdictMapper.Content(request.Verdict, "verdict", violations);
        VerdictRules.Check(content, "verdict", limits, violations);
        ClaimValidation.CheckRequestId(request.RequestId, "request_id", limits, violations);
        Refusals.ThrowIfAny(violations);

        // Fields the service ignores must not make a retry look like a different request.
        var fingerprint = Fingerprints.Of(request, r =>
        {
            r.RequestId = "";
            r.Verdict = new Api.Verdict
            {
                Claim = r.Verdict.Claim,
                Party = r.Verdict.Party,
                Official = r.Verdict.Official,
                Decision = r.Verdict.Decision,
                Evidence = { r.Verdict.Evidence },
                Note = r.Verdict.Note,
            };
        });
        var verdict = await recorder.RecordAsync(content, new WriteContext(context.Actor(), request.RequestId, fingerprint), context.CancellationToken);

        var proto = VerdictMapper.ToProto(verdict);
        return new Api.RecordVerdictResponse
        {
            Verdict = proto,
            Status = proto.DeliveryState == Api.DeliveryState.Applied ? proto.ResultingStatus : Api.ClaimStatus.Unspecified,
            StatusDetail = proto.DeliveryState == Api.DeliveryState.Applied ? proto.ResultingStatusDetail : "",
            DeliveryState = proto.DeliveryState,
        };
    }

    [Reader]
    public override async Task<Api.ListVerdictsResponse> ListVerdicts(Api.ListVerdictsRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var claimId = RequestReader.ClaimId(request.Claim, "claim", violations);
        var asked = SequencePage.Read(request, request.PageSize, request.PageToken, limits, violations);

        Refusals.ThrowIfAny(violations);
        var verdicts = await store.ListVerdictsAsync(claimId!, asked.After, asked.FetchLimit, context.CancellationToken);
        var (page, next) = asked.Split(verdicts, v => v.Sequence);
        var response = new Api.ListVerdictsResponse { NextPageToken = next };
        response.Verdicts.AddRange(page.Select(VerdictMapper.ToProto));
        return response;
    }

    [Reader]
    public override async Task<Api.VerificationSummary> GetVerificationSummary(Api.GetVerificationSummaryRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var claimId = RequestReader.ClaimId(request.Claim, "claim", violations);
        Refusals.ThrowIfAny(violations);
        return VerdictMapper.ToProto(await summaries.ReadAsync(claimId!, context.CancellationToken));
    }

    [Admin]
    public override async Task<Api.ReconcileClaimsResponse> ReconcileClaims(Api.ReconcileClaimsRequest request, ServerCallContext context) =>
        ReconcileMapper.ToProto(await reconciler.RunPassAsync(context.CancellationToken));
}
