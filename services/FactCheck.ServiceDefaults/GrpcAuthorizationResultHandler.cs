using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// Answers a refused call the way every other FactCheck error is answered (AIP-193): a
/// google.rpc.Status with google.rpc.ErrorInfo (domain "auth.factcheck.v1", reason API_KEY_MISSING,
/// API_KEY_INVALID or ROLE_TOO_LOW), instead of a bare HTTP 401/403: as a gRPC status to a gRPC
/// call, and as the JSON form of the status (with HTTP 401 or 403) to a REST call.
/// </summary>
public sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string Domain = "auth.factcheck.v1";
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }

        var (code, reason, message) = authorizeResult.Forbidden
            ? (Code.PermissionDenied, "ROLE_TOO_LOW", $"the API key '{context.User.Identity?.Name}' may not call this method: it needs the {string.Join(" or ", RequiredRoles(policy))} role")
            : string.IsNullOrEmpty(context.Request.Headers.Authorization)
                ? (Code.Unauthenticated, "API_KEY_MISSING", "this server needs an API key: send 'authorization: Bearer <key>'")
                : (Code.Unauthenticated, "API_KEY_INVALID", "the API key is not known to this server");

        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(new ErrorInfo { Domain = Domain, Reason = reason }));
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) != true)
        {
            if (code == Code.Unauthenticated)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            await RestApi.WriteErrorAsync(context.Response, code == Code.Unauthenticated ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden, status);
            return;
        }

        // A "trailers-only" gRPC response: the status travels in the headers of an empty response.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
    }

    private static IEnumerable<string> RequiredRoles(AuthorizationPolicy policy) =>
        policy.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).DefaultIfEmpty("required");
}
