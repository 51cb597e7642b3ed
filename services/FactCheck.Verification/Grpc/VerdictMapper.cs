using FactCheck.GrpcEdge;
using FactCheck.Verification.Application;
using FactCheck.Verification.Domain;
using FactCheck.Verification.Storage;
using Google.Protobuf.WellKnownTypes;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.Grpc;

/// <summary>
/// Maps between the contract's messages and the domain's records, at the edge. Reading a
/// request collects a violation for every field it cannot map instead of stopping at the first.
/// </summary>
public static class VerdictMapper
{
    public static string VerdictName(string claimId, string verdictId) => $"{ClaimName.Of(claimId)}/verdicts/{verdictId}";

    public static VerdictContent Content(Api.Verdict verdict, string prefix, List<FieldViolation> violations) =>
        new(
            ClaimId: RequestReader.ClaimId(verdict.Claim, $"{prefix}.claim", violations) ?? "",
            Party: verdict.Party.Trim(),
            Official: verdict.Official.Trim(),
            Decision: Decision(verdict.Decision, $"{prefix}.decision", violations),
            Evidence: verdict.Evidence
                .Select((e, i) => new Evidence(e.Url.Trim(), e.Quote, RequestReader.Time(e.ObservedTime, $"{prefix}.evidence[{i}].observed_time", violations)))
                .ToList(),
            Note: verdict.Note);

    public static Decision Decision(Api.VerdictDecision decision, string field, List<FieldViolation> violations)
    {
        if (decision == Api.VerdictDecision.Unspecified)
        {
            violations.Add(new(field, "is required: CONFIRM, DENY, DISPUTE or RETRACT"));
        }
        else if (!System.Enum.IsDefined(decision))
        {
            violations.Add(new(field, $"unknown decision value {(int)decision}"));
        }
        else
        {
            return (Decision)(int)decision;
        }

        return Domain.Decision.Confirm;
    }

    public static Api.Verdict ToProto(Verdict verdict)
    {
        var c = verdict.Content;
        var proto = new Api.Verdict
        {
            Name = VerdictName(c.ClaimId, verdict.Id),
            Claim = ClaimName.Of(c.ClaimId),
            Party = c.Party,
            Official = c.Official,
            Decision = (Api.VerdictDecision)(int)c.Decision,
            Note = c.Note,
            CreateTime = Timestamp.FromDateTimeOffset(verdict.CreateTime),
            Recorder = verdict.Recorder,
            DeliveryState = State(verdict.Delivery.State),
            DeliveryReason = verdict.Delivery.Reason,
            ResultingStatus = Status(verdict.Delivery.ResultingStatus),
            ResultingStatusDetail = verdict.Delivery.ResultingDetail,
            DeliveryTime = ToTimestamp(verdict.Delivery.Time),
        };
        proto.Evidence.AddRange(c.Evidence.Select(e => new Api.Evidence { Url = e.Url, Quote = e.Quote, ObservedTime = ToTimestamp(e.ObservedTime) }));
        return proto;
    }

    public static Api.VerificationSummary ToProto(VerificationSummary summary)
    {
        var proto = new Api.VerificationSummary
        {
            Claim = ClaimName.Of(summary.ClaimId),
            Status = Status(summary.Outcome?.Status),
            StatusDetail = summary.Outcome?.Detail ?? "",
            ClaimStatus = Status(summary.Claim?.Status),
            DueTime = ToTimestamp(summary.Claim?.DueTime),
            Overdue = summary.Overdue,
            ClaimReadTime = ToTimestamp(summary.Claim?.ReadTime),
            ClaimMissing = summary.Claim is null,
        };
        proto.RequiredParties.AddRange(summary.Claim?.RequiredParties ?? []);
        proto.LatestVerdicts.AddRange(summary.LatestVerdicts.Select(ToProto));
        proto.AwaitedParties.AddRange(summary.AwaitedParties);
        proto.PendingDeliveries.AddRange(summary.PendingDeliveries.Select(p => new Api.PendingDelivery
        {
            Verdict = p.VerdictId is null ? "" : VerdictName(p.ClaimId, p.VerdictId),
            Kind = OutboxKinds.Name(p.Kind),
            QueueTime = Timestamp.FromDateTimeOffset(p.QueueTime),
            Attempts = p.Attempts,
            LastError = p.LastError,
        }));
        proto.RejectedVerdicts.AddRange(summary.RejectedVerdicts.Select(ToProto));
        return proto;
    }

    public static Api.ClaimStatus Status(ClaimStatus? status) => status is { } s ? (Api.ClaimStatus)(int)s : Api.ClaimStatus.Unspecified;

    public static Api.DeliveryState State(DeliveryState state) => state switch
    {
        DeliveryState.Applied => Api.DeliveryState.Applied,
        DeliveryState.Queued => Api.DeliveryState.Queued,
        _ => Api.DeliveryState.Rejected,
    };

    private static Timestamp? ToTimestamp(DateTimeOffset? time) => time is { } t ? Timestamp.FromDateTimeOffset(t) : null;
}
