using System.Text;
using Google.Rpc;
using Grpc.Core;

namespace FactCheck.Cli.Errors;

/// <summary>
/// Turns a failure into one readable line and an exit code. The server's AIP-193 details are
/// used where present: BadRequest names each field and its problem, ErrorInfo gives the reason.
/// Stack traces appear only with --verbose.
/// </summary>
public static class ErrorReporter
{
    public static int ExitCodeFor(Exception error) => error switch
    {
        UsageException => ExitCodes.Usage,
        // A file named on the command line that cannot be read or written is the caller's to fix.
        IOException or UnauthorizedAccessException => ExitCodes.Usage,
        ReportedFailureException r => r.ExitCode,
        ServiceCallException s => ExitCodeFor(s.StatusCode),
        RpcException r => ExitCodeFor(r.StatusCode),
        _ => ExitCodes.Refused,
    };

    public static int ExitCodeFor(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Ok,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unreachable,
        // Every other code is an answer from the service (or its proxy) refusing the request.
        _ => ExitCodes.Refused,
    };

    /// <summary>One line, without the "error: " prefix.</summary>
    public static string Describe(Exception error) => error switch
    {
        UsageException u => u.Message,
        ServiceCallException s => Describe(s),
        RpcException r => DescribeStatus(r),
        _ => error.Message,
    };

    public static void Write(TextWriter stderr, Exception error, bool verbose)
    {
        stderr.WriteLine($"error: {Describe(error)}");
        if (!verbose)
        {
            return;
        }

        if (error is ServiceCallException s)
        {
            stderr.WriteLine($"  service: {s.Service} at {s.Address}");
            stderr.WriteLine($"  status: {s.StatusCode} ({(int)s.StatusCode})");
            var info = s.Rpc.GetRpcStatus()?.GetDetail<ErrorInfo>();
            if (info is not null)
            {
                stderr.WriteLine($"  reason: {info.Reason} (domain {info.Domain})");
                foreach (var (key, value) in info.Metadata)
                {
                    stderr.WriteLine($"  {key}: {value}");
                }
            }

            if (s.Rpc.Status.DebugException is { } debug)
            {
                stderr.WriteLine($"  transport: {debug.GetType().Name}: {debug.Message}");
            }
        }

        if (error is not UsageException)
        {
            stderr.WriteLine(error.ToString());
        }
    }

    private static string Describe(ServiceCallException error)
    {
        switch (error.StatusCode)
        {
            // A service that answered with its own error details was reached: it says what it could not reach.
            case StatusCode.Unavailable when error.Rpc.GetRpcStatus()?.GetDetail<ErrorInfo>() is not null:
                return $"the {error.Service} at {error.Address} answered: {Detail(error.Rpc)}";
            case StatusCode.Unavailable:
                return $"cannot reach the {error.Service} at {error.Address} (is it running? set {UrlHint(error.Service)})";
            case StatusCode.DeadlineExceeded:
                return $"the {error.Service} at {error.Address} did not answer in time (raise --timeout if it is busy)";
            case StatusCode.Unauthenticated:
                return $"the {error.Service} refused the API key: {Detail(error.Rpc)} (set --api-key or FACTCHECK_API_KEY)";
            case StatusCode.PermissionDenied:
                return $"the {error.Service} says the API key may not do this: {Detail(error.Rpc)}";
            default:
                return DescribeStatus(error.Rpc);
        }
    }

    private static string DescribeStatus(RpcException error)
    {
        var status = error.GetRpcStatus();
        var badRequest = status?.GetDetail<BadRequest>();
        if (badRequest is { FieldViolations.Count: > 0 })
        {
            var line = new StringBuilder();
            foreach (var violation in badRequest.FieldViolations)
            {
                line.Append(line.Length == 0 ? "" : "; ").Append(violation.Field).Append(": ").Append(violation.Description);
            }

            return line.ToString();
        }

        return Detail(error);
    }

    private static string Detail(RpcException error)
    {
        var message = error.GetRpcStatus()?.Message;
        if (string.IsNullOrWhiteSpace(message))
        {
            message = error.Status.Detail;
        }

        return string.IsNullOrWhiteSpace(message) ? error.StatusCode.ToString() : message;
    }

    private static string UrlHint(string service) =>
        service.StartsWith("verification", StringComparison.Ordinal)
            ? "--verification-url or FACTCHECK_VERIFICATION_URL"
            : "--claims-url or FACTCHECK_CLAIMS_URL";
}
