using System.Net;
using System.Text.Json;
using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Rpc;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Processes;

/// <summary>
/// The claims service's REST port on a real process (Kestrel, HTTP/1.1, JSON): every method the
/// protos map answers as its gRPC form does, under the same keys, roles, idempotency and limits,
/// and every refusal is the JSON form of google.rpc.Status with its details.
/// </summary>
public sealed class RestApiTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _folder = new("factcheck-claims-rest-");
    private ServiceProcess _service = null!;

    private static string ServiceAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    private Dictionary<string, string> Environment(string database = "claims.db")
    {
        var environment = TestKeys.Environment(TestKeys.Claims);
        environment["ConnectionStrings__Claims"] = $"Data Source={_folder.File(database)}";
        environment["Matching__Semantic"] = "false";
        return environment;
    }

    public async Task InitializeAsync() => _service = await ServiceProcess.StartAsync(ServiceAssembly, Environment());

    public async Task DisposeAsync() => await _service.DisposeAsync();

    public void Dispose() => _folder.Dispose();

    private HttpClient Rest(TestKey? key) => RestAssert.Client(_service.RestAddress!, key);

    private ClaimsService.ClaimsServiceClient Grpc(TestKey key) => new(_service.Channel().WithKey(key.Key));

    [Fact]
    public async Task Every_mapped_claims_method_answers_over_rest_as_over_grpc()
    {
        using var newsroom = Rest(TestKeys.Newsroom);
        using var desk = Rest(TestKeys.Desk);
        var agreement = SampleClaims.Claim("agreement");

        var created = await RestAssert.Ok<Claim>(await newsroom.PostAsync("/v1/claims?claimId=agreement&requestId=import-1", RestAssert.Json(agreement)));
        var read = await RestAssert.Ok<Claim>(await newsroom.GetAsync("/v1/claims/agreement"));
        var pending = await RestAssert.Ok<ListClaimsResponse>(await newsroom.GetAsync("/v1/claims?statuses=CLAIM_STATUS_PENDING&tag=iraq&order=CLAIM_ORDER_OLDEST"));
        var none = await RestAssert.Ok<ListClaimsResponse>(await newsroom.GetAsync("/v1/claims?statuses=CLAIM_STATUS_CONFIRMED"));
        var edited = await RestAssert.Ok<Claim>(await newsroom.PatchAsync($"/v1/claims/agreement?updateMask=speaker,due_time&etag={Uri.EscapeDataString(read.Etag)}",
            RestAssert.Json("""{"speaker": "a US official", "dueTime": "2026-12-31T23:59:59Z"}""")));
        var confirmed = await RestAssert.Ok<Claim>(await desk.PostAsync("/v1/claims/agreement:updateStatus", RestAssert.Json(new UpdateClaimStatusRequest
        {
            Status = ClaimStatus.Confirmed,
            StatusDetail = "confirmed by Washington and Baghdad",
            Reason = "both go-aheads given",
            Evidence = { new Evidence { Url = "https://example.org/statements/baghdad-go-ahead", Quote = "Approved." } },
            Etag = edited.Etag,
        })));
        var history = await RestAssert.Ok<ListClaimHistoryResponse>(await newsroom.GetAsync("/v1/claims/agreement/history"));
        var matches = await RestAssert.Ok<MatchClaimsResponse>(await newsroom.PostAsync("/v1/claims:match",
            RestAssert.Json("""{"text": "Iraq and the US agreed that American troops will leave", "pageSize": 5}""")));

        Assert.Equal("claims/agreement", created.Name);
        Assert.Equal((agreement.Text, ClaimStatus.Pending), (created.Text, created.Status));
        Assert.Equal(await Grpc(TestKeys.Newsroom).GetClaimAsync(new GetClaimRequest { Name = "claims/agreement" }), await RestAssert.Ok<Claim>(await newsroom.GetAsync("/v1/claims/agreement")));
        Assert.Equal(created, read);
        Assert.Equal(["claims/agreement"], pending.Claims.Select(c => c.Name));
        Assert.Empty(none.Claims);
        Assert.Equal(("a US official", new DateTime(2026, 12, 31, 23, 59, 59, DateTimeKind.Utc)), (edited.Speaker, edited.DueTime.ToDateTime()));
        Assert.Equal((ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"), (confirmed.Status, confirmed.StatusDetail));
        Assert.Equal([ClaimEventType.Created, ClaimEventType.Updated, ClaimEventType.StatusChanged], history.Events.Select(e => e.Type));
        Assert.Equal(["newsroom", "newsroom", "fact-desk"], history.Events.Select(e => e.Actor));
        Assert.Equal("https://example.org/statements/baghdad-go-ahead", history.Events[^1].Evidence.Single().Url);
        Assert.Equal("import-1", history.Events[0].RequestId);
        Assert.Equal("claims/agreement", matches.Matches.First().Claim.Name);
        Assert.Contains("troops", matches.Matches.First().SharedTerms);
    }

    [Fact]
    public async Task Keys_and_roles_hold_over_rest_and_refusals_say_why_as_json()
    {
        using var anonymous = Rest(null);
        using var wrong = Rest(new TestKey("not-a-key", "nobody", FactCheck.Domain.Role.Reader));
        using var reader = Rest(TestKeys.Reader);
        using var newsroom = Rest(TestKeys.Newsroom);

        var missing = await anonymous.GetAsync("/v1/claims");
        var unknown = await wrong.GetAsync("/v1/claims");
        var readerCreates = await reader.PostAsync("/v1/claims", RestAssert.Json(SampleClaims.Claim("surge-peak")));
        var newsroomCreates = await newsroom.PostAsync("/v1/claims?claimId=surge-peak", RestAssert.Json(SampleClaims.Claim("surge-peak")));
        var readerReads = await reader.GetAsync("/v1/claims/surge-peak");

        Assert.Equal("API_KEY_MISSING", RestAssert.Info(await RestAssert.Fails(HttpStatusCode.Unauthorized, Code.Unauthenticated, missing)).Reason);
        Assert.Equal("Bearer", missing.Headers.WwwAuthenticate.Single().Scheme);
        var invalid = RestAssert.Info(await RestAssert.Fails(HttpStatusCode.Unauthorized, Code.Unauthenticated, unknown));
        Assert.Equal(("auth.factcheck.v1", "API_KEY_INVALID"), (invalid.Domain, invalid.Reason));
        var denied = await RestAssert.Fails(HttpStatusCode.Forbidden, Code.PermissionDenied, readerCreates);
        Assert.Equal("ROLE_TOO_LOW", RestAssert.Info(denied).Reason);
        Assert.Contains("Editor", denied.Message, StringComparison.Ordinal);
        Assert.Equal("claims/surge-peak", (await RestAssert.Ok<Claim>(newsroomCreates)).Name);
        Assert.Equal("claims/surge-peak", (await RestAssert.Ok<Claim>(readerReads)).Name);
    }

    [Fact]
    public async Task A_request_id_sent_twice_over_rest_creates_one_claim_and_the_same_id_with_another_claim_is_refused()
    {
        using var newsroom = Rest(TestKeys.Newsroom);
        var claim = SampleClaims.Claim("militia-attacks");
        claim.Tags.Add("rest-idempotency");

        var first = await RestAssert.Ok<Claim>(await newsroom.PostAsync("/v1/claims?requestId=rest-retry-1", RestAssert.Json(claim)));
        var retry = await RestAssert.Ok<Claim>(await newsroom.PostAsync("/v1/claims?requestId=rest-retry-1", RestAssert.Json(claim)));
        var other = await newsroom.PostAsync("/v1/claims?requestId=rest-retry-1", RestAssert.Json(SampleClaims.Claim("surge-peak")));
        var tagged = await RestAssert.Ok<ListClaimsResponse>(await newsroom.GetAsync("/v1/claims?tag=rest-idempotency"));

        Assert.Equal(first, retry);
        Assert.Equal([first.Name], tagged.Claims.Select(c => c.Name));
        Assert.Equal("claims.factcheck.v1", RestAssert.Info(await RestAssert.Fails(HttpStatusCode.Conflict, Code.AlreadyExists, other)).Domain);
    }

    [Fact]
    public async Task Refusals_over_rest_are_json_statuses_with_their_details_and_the_http_status_of_their_code()
    {
        using var newsroom = Rest(TestKeys.Newsroom);
        using var desk = Rest(TestKeys.Desk);
        var claim = await RestAssert.Ok<Claim>(await newsroom.PostAsync("/v1/claims?claimId=militia-attacks", RestAssert.Json(SampleClaims.Claim("militia-attacks"))));

        var invalid = await RestAssert.Fails(HttpStatusCode.BadRequest, Code.InvalidArgument,
            await newsroom.PostAsync("/v1/claims", RestAssert.Json("""{"speaker": "someone", "sources": [{"url": "https://example.org/a"}]}""")));
        var missing = await RestAssert.Fails(HttpStatusCode.NotFound, Code.NotFound, await newsroom.GetAsync("/v1/claims/no-such-claim"));
        var stale = await RestAssert.Fails(HttpStatusCode.Conflict, Code.Aborted,
            await newsroom.PatchAsync("/v1/claims/militia-attacks?updateMask=speaker&etag=%22stale%22", RestAssert.Json("""{"speaker": "the agreement"}""")));
        var retracted = await RestAssert.Ok<Claim>(await desk.PostAsync("/v1/claims/militia-attacks:updateStatus",
            RestAssert.Json("""{"status": "CLAIM_STATUS_RETRACTED", "reason": "the agreement was called off"}""")));
        var final = await RestAssert.Fails(HttpStatusCode.BadRequest, Code.FailedPrecondition,
            await desk.PostAsync("/v1/claims/militia-attacks:updateStatus", RestAssert.Json("""{"status": "CLAIM_STATUS_CONFIRMED", "reason": "r"}""")));

        Assert.Equal(("claims.factcheck.v1", "INVALID_ARGUMENT"), (RestAssert.Info(invalid).Domain, RestAssert.Info(invalid).Reason));
        Assert.Equal(["claim.text"], RestAssert.Violations(invalid).Keys);
        Assert.Equal("is required", RestAssert.Violations(invalid)["claim.text"]);
        Assert.Equal("claims/no-such-claim", RestAssert.Info(missing).Metadata["claim"]);
        Assert.Equal("ETAG_MISMATCH", RestAssert.Info(stale).Reason);
        Assert.NotEqual(claim.Etag, retracted.Etag);
        Assert.Equal("TRANSITION_NOT_ALLOWED", RestAssert.Info(final).Reason);
        Assert.Equal("CLAIM_STATUS_RETRACTED", RestAssert.Info(final).Metadata["from"]);
    }

    [Fact]
    public async Task The_openapi_document_needs_no_key_lists_every_mapped_method_and_carries_the_proto_comments()
    {
        using var anonymous = Rest(null);

        var response = await anonymous.GetAsync("/openapi/v1.json");
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Assert.StartsWith("3.", root.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        // The claims service serves three gRPC services: the claims, their webhooks and the operator methods.
        Assert.Equal(RestAssert.Mappings(ClaimsService.Descriptor).Concat(RestAssert.Mappings(WebhooksService.Descriptor)).Concat(RestAssert.Mappings(AdminService.Descriptor)).Order(),
            RestAssert.Operations(root).Order());
        Assert.Equal(7 + 8 + 1, RestAssert.Operations(root).Count);
        Assert.StartsWith("Returns one claim.", root.GetProperty("paths").GetProperty("/v1/claims/{name}").GetProperty("get").GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Required. The assertion, in plain words.",
            root.GetProperty("components").GetProperty("schemas").GetProperty("Claim").GetProperty("properties").GetProperty("text").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("bearer", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiKey").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task The_message_size_and_caller_limits_hold_over_rest()
    {
        var environment = Environment("limits.db");
        environment["Limits__MaxMessageBytes"] = "2048";
        environment["Limits__MaxConcurrentCallsPerCaller"] = "1";
        environment["Limits__MaxWatchersPerCaller"] = "1";
        await using var service = await ServiceProcess.StartAsync(ServiceAssembly, environment);
        using var newsroom = RestAssert.Client(service.RestAddress!, TestKeys.Newsroom);
        using var reader = RestAssert.Client(service.RestAddress!, TestKeys.Reader);
        var large = SampleClaims.Claim("agreement");
        large.Sources[0].Quote = new string('q', 3000);
        await RestAssert.Ok<Claim>(await newsroom.PostAsync("/v1/claims?claimId=agreement", RestAssert.Json(SampleClaims.Claim("agreement"))));

        var tooLarge = await RestAssert.Fails(HttpStatusCode.RequestEntityTooLarge, Code.ResourceExhausted, await newsroom.PostAsync("/v1/claims", RestAssert.Json(large)));
        // The newsroom's one call slot, held by a watch that has answered (so it is open).
        using (var watch = new ClaimsService.ClaimsServiceClient(service.Channel().WithKey(TestKeys.Newsroom.Key)).WatchClaims(new WatchClaimsRequest()))
        {
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            var overLimit = await RestAssert.Fails(HttpStatusCode.TooManyRequests, Code.ResourceExhausted, await newsroom.GetAsync("/v1/claims/agreement"));
            var quota = overLimit.Details.Single(d => d.Is(QuotaFailure.Descriptor)).Unpack<QuotaFailure>().Violations.Single();

            Assert.Equal(("TOO_MANY_CALLS", "1"), (RestAssert.Info(overLimit).Reason, RestAssert.Info(overLimit).Metadata["limit"]));
            Assert.Equal("key newsroom", quota.Subject);
            // Another caller is not affected.
            Assert.Equal("claims/agreement", (await RestAssert.Ok<Claim>(await reader.GetAsync("/v1/claims/agreement"))).Name);
        }

        // The watch gave its slot back when it was cancelled.
        var again = await Eventually.Until(() => newsroom.GetAsync("/v1/claims/agreement"), r => r.IsSuccessStatusCode, "the newsroom's slot to come back");

        Assert.Equal(("MESSAGE_TOO_LARGE", "Limits:MaxMessageBytes", "2048"),
            (RestAssert.Info(tooLarge).Reason, RestAssert.Info(tooLarge).Metadata["setting"], RestAssert.Info(tooLarge).Metadata["limit"]));
        Assert.Equal("claims/agreement", (await RestAssert.Ok<Claim>(again)).Name);
    }

    [Fact]
    public async Task The_grpc_port_stays_http2_only_and_the_rest_port_speaks_http1()
    {
        using var onGrpcPort = RestAssert.Client(_service.Address, TestKeys.Reader);
        using var onRestPort = Rest(TestKeys.Reader);

        var http1OnGrpc = await onGrpcPort.GetAsync("/v1/claims");
        var http1OnRest = await onRestPort.GetAsync("/v1/claims");

        Assert.Equal(HttpStatusCode.BadRequest, http1OnGrpc.StatusCode);
        Assert.Contains("HTTP/1.x request was sent to an HTTP/2 only endpoint", await http1OnGrpc.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(new Version(1, 1), http1OnRest.Version);
        await RestAssert.Ok<ListClaimsResponse>(http1OnRest);
    }

    [Fact]
    public async Task With_kestrel_endpoints_instead_of_urls_the_rest_port_is_served_beside_them()
    {
        var port = ServiceProcess.FreePort();
        var environment = Environment("endpoints.db");
        // Kestrel listens on its configured endpoints and ignores --urls (which names the same port here).
        environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port}";
        await using var service = await ServiceProcess.StartAsync(ServiceAssembly, environment, port);
        using var reader = RestAssert.Client(service.RestAddress!, TestKeys.Reader);

        var listed = await RestAssert.Ok<ListClaimsResponse>(await reader.GetAsync("/v1/claims"));
        var overGrpc = await new ClaimsService.ClaimsServiceClient(service.Channel().WithKey(TestKeys.Reader.Key)).ListClaimsAsync(new ListClaimsRequest());

        Assert.Equal(overGrpc, listed);
        Assert.Contains($"Now listening on: {service.RestAddress!.ToString().TrimEnd('/')}", service.Output, StringComparison.Ordinal);
    }
}
