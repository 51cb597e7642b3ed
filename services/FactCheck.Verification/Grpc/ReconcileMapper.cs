using FactCheck.Verification.Delivery;
using Google.Protobuf.WellKnownTypes;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.Grpc;

/// <summary>A reconcile pass's report as ReconcileClaimsResponse.</summary>
public static class ReconcileMapper
{
    public static Api.ReconcileClaimsResponse ToProto(ReconcileReport report)
    {
        var proto = new Api.ReconcileClaimsResponse
        {
            StartTime = Timestamp.FromDateTimeOffset(report.StartTime),
            EndTime = Timestamp.FromDateTimeOffset(report.EndTime),
            Complete = report.Complete,
            IncompleteReason = report.IncompleteReason,
            ClaimsChecked = report.ClaimsChecked,
            ClaimsInStep = report.InStep,
            ClaimsUndecided = report.Undecided,
        };
        proto.RedeliveredClaims.AddRange(report.Redelivered.Select(ClaimName.Of));
        proto.AlreadyQueuedClaims.AddRange(report.AlreadyQueued.Select(ClaimName.Of));
        proto.MissingClaims.AddRange(report.Missing.Select(m => new Api.MissingClaim { Claim = ClaimName.Of(m.ClaimId), VerdictCount = m.Verdicts }));
        return proto;
    }
}
