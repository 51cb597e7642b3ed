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
        // The handshake failed: no connection was made, so nothing reached the service.
        ServiceCallException s when TlsFailure(s.Rpc) is not null => ExitCodes.Unreachable,
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
        // grpc-dotnet reports a refused certificate as INTERNAL or UNAVAILABLE depending on where the handshake failed.
        if (TlsFailure(error.Rpc) is { } tls)
        {
            return $"no TLS connection to the {error.Service} at {error.Address}: {tls} " +
                "(give the CA that signed its certificate with --ca-file or FACTCHECK_CA_FILE; the certificate must name the host in the address)";
        }

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
            // An older service without the method (`claims similar` against one without MatchClaims).
            case StatusCode.Unimplemented:
                return $"the {error.Service} at {error.Address} does not offer this call (UNIMPLEMENTED): it is likely older than this client";
            case StatusCode.PermissionDenied:
                return $"the {error.Service} says the API key may not do this: {Detail(error.Rpc)}";
            default:
                return DescribeStatus(error.Rpc);
        }
    }

    /// <summary>The handshake's own reason, when the call failed because the server's certificate was refused.</summary>
    private static string? TlsFailure(RpcException error)
    {
        for (var e = error.Status.DebugException; e is not null; e = e.InnerException)
        {
            if (e is System.Security.Authentication.AuthenticationException authentication)
            {
                // The innermost message is the specific one: TrustedCa's reason, or the platform's chain status.
                var reason = authentication;
                while (reason.InnerException is System.Security.Authentication.AuthenticationException inner)
                {
                    reason = inner;
                }

                return reason.Message;
            }
        }

        return null;
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
