using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// Who may call what, as one table: every method of both services (the claims service serves three gRPC services, the verification service two; AdminService is on both, a row for each) for each role's key, no key
/// and a wrong key. The methods are read from the generated service descriptors, so a method
/// added to a proto without a row here fails the test. "allow" means the call got past
/// authentication and authorization: whatever it then answered (INVALID_ARGUMENT for the empty
/// request, NOT_FOUND, OK) was neither UNAUTHENTICATED nor PERMISSION_DENIED. "deny" means
/// UNAUTHENTICATED without a known key, and PERMISSION_DENIED with a key whose role is too low.
/// </summary>
public sealed class AuthorizationMatrixTests
{
    private const string Matrix =
        """
        method                                      reader    editor    verifier  admin     no-key    wrong-key
        ClaimsService/CreateClaim                   deny      allow     allow     allow     deny      deny
        ClaimsService/GetClaim                      allow     allow     allow     allow     deny      deny
        ClaimsService/ListClaims                    allow     allow     allow     allow     deny      deny
        ClaimsService/UpdateClaim                   deny      allow     allow     allow     deny      deny
        ClaimsService/UpdateClaimStatus             deny      deny      allow     allow     deny      deny
        ClaimsService/ListClaimHistory              allow     allow     allow     allow     deny      deny
        ClaimsService/WatchClaims                   allow     allow     allow     allow     deny      deny
        ClaimsService/MatchClaims                   allow     allow     allow     allow     deny      deny
        WebhooksService/CreateWebhook               deny      allow     allow     allow     deny      deny
        WebhooksService/GetWebhook                  deny      allow     allow     allow     deny      deny
        WebhooksService/ListWebhooks                deny      allow     allow     allow     deny      deny
        WebhooksService/UpdateWebhook               deny      allow     allow     allow     deny      deny
        WebhooksService/DeleteWebhook               deny      allow     allow     allow     deny      deny
        WebhooksService/RotateWebhookSecret         deny      allow     allow     allow     deny      deny
        WebhooksService/ListWebhookDeliveries       deny      allow     allow     allow     deny      deny
        WebhooksService/RedeliverWebhookEvent       deny      allow     allow     allow     deny      deny
        VerificationService/RecordVerdict           deny      deny      allow     allow     deny      deny
        VerificationService/ListVerdicts            allow     allow     allow     allow     deny      deny
        VerificationService/GetVerificationSummary  allow     allow     allow     allow     deny      deny
        VerificationService/ReconcileClaims         deny      deny      deny      allow     deny      deny
        claims:AdminService/CreateBackup            deny      deny      deny      allow     deny      deny
        verification:AdminService/CreateBackup      deny      deny      deny      allow     deny      deny
        """;

    /// <summary>The callers of the table's columns, in order: the key each presents (null for none) and how it is refused.</summary>
    private static readonly (string Column, string? Key, StatusCode Denied)[] Callers =
    [
        ("reader", TestKeys.Reader.Key, StatusCode.PermissionDenied),
        ("editor", TestKeys.Newsroom.Key, StatusCode.PermissionDenied),
        ("verifier", TestKeys.Desk.Key, StatusCode.PermissionDenied),
        ("admin", TestKeys.Admin.Key, StatusCode.PermissionDenied),
        ("no-key", null, StatusCode.Unauthenticated),
        ("wrong-key", "not-a-key-either-service-knows", StatusCode.Unauthenticated),
    ];

    /// <summary>Each gRPC service with the host serving it; AdminService is served by both.</summary>
    private static readonly (ServiceDescriptor Service, string Host)[] Services =
    [
        (ClaimsService.Descriptor, "claims"), (WebhooksService.Descriptor, "claims"), (VerificationService.Descriptor, "verification"),
        (AdminService.Descriptor, "claims"), (AdminService.Descriptor, "verification"),
    ];

    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static IEnumerable<(MethodDescriptor Method, string Host)> AllMethods => Services.SelectMany(s => s.Service.Methods.Select(m => (m, s.Host)));

    /// <summary>"ClaimsService/GetClaim"; a method of a service both hosts serve is named with its host ("claims:AdminService/CreateBackup").</summary>
    private static string RowName((MethodDescriptor Method, string Host) served) =>
        (Services.Count(s => s.Service == served.Method.Service) > 1 ? served.Host + ":" : "") + $"{served.Method.Service.Name}/{served.Method.Name}";

    /// <summary>The table as method → one "allow"/"deny" per caller.</summary>
    private static Dictionary<string, string[]> Rows()
    {
        var lines = Matrix.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["method", .. Callers.Select(c => c.Column)], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return lines[1..].Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToDictionary(cells => cells[0], cells =>
        {
            Assert.True(cells.Length == Callers.Length + 1 && cells[1..].All(c => c is "allow" or "deny"), $"row '{string.Join(' ', cells)}' needs allow or deny for each of {Callers.Length} callers");
            return cells[1..];
        });
    }

    [Fact]
    public void Every_method_of_both_services_has_exactly_one_row()
    {
        var methods = AllMethods.Select(RowName).ToHashSet();
        var rows = Rows().Keys.ToHashSet();

        Assert.True(methods.SetEquals(rows),
            $"methods without a row: {string.Join(", ", methods.Except(rows).DefaultIfEmpty("none"))}; rows without a method: {string.Join(", ", rows.Except(methods).DefaultIfEmpty("none"))}");
    }

    [Fact]
    public async Task Each_caller_is_allowed_or_denied_as_the_table_says()
    {
        await using var services = new ServicePair();
        // A claim to read and watch, so an allowed watch answers at once with its event.
        await services.ClaimsClient().CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });
        var rows = Rows();

        var wrong = new List<string>();
        foreach (var served in AllMethods)
        {
            var method = served.Method;
            if (!rows.TryGetValue(RowName(served), out var row))
            {
                wrong.Add($"{RowName(served)}: no row in the table");
                continue;
            }

            var channel = served.Host == "verification" ? services.Verification.Channel() : services.Claims.Channel();
            for (var i = 0; i < Callers.Length; i++)
            {
                var (column, key, denied) = Callers[i];
                var expected = row[i];
                var answer = await CallAsync(channel.WithKey(key), method);
                var ok = expected == "allow"
                    ? answer is not (StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                    : answer == denied;
                if (!ok)
                {
                    wrong.Add($"{RowName(served)} as {column}: the table says {expected}{(expected == "deny" ? $" ({denied})" : "")}, the service answered {answer}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
    }

    /// <summary>Calls <paramref name="method"/> with an empty request and returns the status it ends with (OK when it succeeds).</summary>
    private static async Task<StatusCode> CallAsync(CallInvoker invoker, MethodDescriptor method)
    {
        Assert.False(method.IsClientStreaming, $"{method.FullName} streams requests: teach {nameof(CallAsync)} to call it");
        var call = new Method<byte[], byte[]>(
            method.IsServerStreaming ? MethodType.ServerStreaming : MethodType.Unary, method.Service.FullName, method.Name, Bytes, Bytes);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(20));
        try
        {
            if (method.IsServerStreaming)
            {
                using var stream = invoker.AsyncServerStreamingCall(call, null, options, []);
                await stream.ResponseStream.MoveNext(CancellationToken.None);
            }
            else
            {
                using var unary = invoker.AsyncUnaryCall(call, null, options, []);
                await unary.ResponseAsync;
            }

            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
