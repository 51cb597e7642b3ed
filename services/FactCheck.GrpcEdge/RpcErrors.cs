using FactCheck.Domain;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace FactCheck.GrpcEdge;

/// <summary>
/// Builds AIP-193 errors: a google.rpc.Status carrying ErrorInfo (reason, domain, metadata)
/// and, for bad input, BadRequest with one violation per field; for a caller over a quota,
/// QuotaFailure naming the caller and the limit; for a failure a retry may get past, RetryInfo
/// with the delay to wait.
/// </summary>
public static class RpcErrors
{
    public static RpcException InvalidArgument(string domain, IReadOnlyCollection<FieldViolation> problems)
    {
        var summary = problems.Count == 1
            ? $"{problems.First().Field}: {problems.First().Description}"
            : $"{problems.Count} invalid fields: " + string.Join("; ", problems.Select(p => $"{p.Field}: {p.Description}"));
        var badRequest = new BadRequest();
        badRequest.FieldViolations.AddRange(problems.Select(p => new BadRequest.Types.FieldViolation
        {
            Field = p.Field,
            Description = p.Description,
        }));
        return Build(Code.InvalidArgument, summary, domain, "INVALID_ARGUMENT", null, badRequest);
    }

    public static RpcException Create(
        Code code, string message, string domain, string reason, IReadOnlyDictionary<string, string>? metadata = null, TimeSpan? retryAfter = null) =>
        Build(code, message, domain, reason, metadata, retryAfter is { } delay ? new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) } : null);

    /// <summary>
    /// RESOURCE_EXHAUSTED for a caller over a quota: ErrorInfo with <paramref name="reason"/> and
    /// <paramref name="metadata"/>, and a QuotaFailure whose one violation names the caller
    /// (<paramref name="subject"/>) and the limit it reached (<paramref name="description"/>).
    /// </summary>
    public static RpcException QuotaExceeded(
        string domain, string reason, string subject, string description, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var quota = new QuotaFailure();
        quota.Violations.Add(new QuotaFailure.Types.Violation { Subject = subject, Description = description });
        return Build(Code.ResourceExhausted, $"{subject}: {description}", domain, reason, metadata, quota);
    }

    private static RpcException Build(
        Code code, string message, string domain, string reason,
        IReadOnlyDictionary<string, string>? metadata, IMessage? detail)
    {
        var info = new ErrorInfo { Domain = domain, Reason = reason };
        if (metadata is not null)
        {
            foreach (var (key, value) in metadata)
            {
                info.Metadata[key] = value;
            }
        }

        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        if (detail is not null)
        {
            status.Details.Add(Any.Pack(detail));
        }

        return status.ToRpcException();
    }
}
