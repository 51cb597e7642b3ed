using FactCheck.Testing;
using FactCheck.Contracts.V1;
using Grpc.Core;

namespace FactCheck.Claims.Tests.Grpc;

public class CreateAndGetTests
{
    [Fact]
    public async Task Created_claim_gets_a_name_an_etag_and_starts_unverified()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();

        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks") });

        Assert.StartsWith("claims/", created.Name, StringComparison.Ordinal);
        Assert.Equal(ClaimStatus.Unverified, created.Status);
        Assert.NotEmpty(created.Etag);
        Assert.NotNull(created.CreateTime);
        Assert.Equal(created.CreateTime, created.UpdateTime);
        var fetched = await client.GetClaimAsync(new GetClaimRequest { Name = created.Name });
        Assert.Equal(created, fetched);
    }

    [Fact]
    public async Task Pending_agreement_keeps_its_required_parties_and_says_what_it_awaits()
    {
        using var server = ClaimsHost.Open();
        var created = await server.Client().CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), ClaimId = "agreement" });

        Assert.Equal("claims/agreement", created.Name);
        Assert.Equal(ClaimStatus.Pending, created.Status);
        Assert.Equal("awaiting Washington and Baghdad", created.StatusDetail);
        Assert.Equal(["Washington", "Baghdad"], created.RequiredParties);
    }

    [Fact]
    public async Task Dependent_claim_points_to_an_existing_parent()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var agreement = await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement") });

        var withdrawal = await client.CreateClaimAsync(SampleClaims.Create("final-withdrawal", claimId: "", parent: agreement.Name));

        Assert.Equal(agreement.Name, withdrawal.Parent);
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero), withdrawal.DueTime.ToDateTimeOffset());
    }

    [Fact]
    public async Task Missing_parent_is_refused_and_nothing_is_written()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();

        var violations = await RpcAssert.InvalidFields(() => client.CreateClaimAsync(SampleClaims.Create("final-withdrawal", claimId: "", parent: "claims/no-such-claim")).ResponseAsync);

        Assert.Contains("does not exist", violations["claim.parent"], StringComparison.Ordinal);
        await AssertEmpty(client);
    }

    [Fact]
    public async Task Bad_input_names_every_bad_field_and_writes_nothing()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var claim = new Claim
        {
            Text = "",
            Sources = { new Source { Url = "/relative" } },
            Tags = { "bad tag" },
            Status = ClaimStatus.Confirmed,
            Parent = "agreement",
            DueTime = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1, Nanos = -5 },
        };

        var violations = await RpcAssert.InvalidFields(() =>
            client.CreateClaimAsync(new CreateClaimRequest { Claim = claim, ClaimId = "Not_Valid", RequestId = new string('r', 101) }).ResponseAsync);

        Assert.Equal(
            ["claim.due_time", "claim.parent", "claim.sources[0].url", "claim.status", "claim.tags[0]", "claim.text", "claim_id", "request_id"],
            violations.Keys.Order(StringComparer.Ordinal).ToArray());
        await AssertEmpty(client);
    }

    [Fact]
    public async Task Missing_claim_message_is_refused()
    {
        using var server = ClaimsHost.Open();
        var violations = await RpcAssert.InvalidFields(() => server.Client().CreateClaimAsync(new CreateClaimRequest()).ResponseAsync);
        Assert.Equal("is required", violations["claim"]);
    }

    [Fact]
    public async Task Unknown_status_value_is_refused()
    {
        using var server = ClaimsHost.Open();
        var claim = SampleClaims.Claim("militia-attacks");
        claim.Status = (ClaimStatus)42;
        var violations = await RpcAssert.InvalidFields(() => server.Client().CreateClaimAsync(new CreateClaimRequest { Claim = claim }).ResponseAsync);
        Assert.Contains("claim.status", violations.Keys);
    }

    [Fact]
    public async Task Taken_claim_id_is_already_exists()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), ClaimId = "agreement" });

        var error = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () => client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak"), ClaimId = "agreement" }).ResponseAsync);

        Assert.Equal("CLAIM_ALREADY_EXISTS", RpcAssert.Info(error).Reason);
        Assert.Equal("claims.factcheck.v1", RpcAssert.Info(error).Domain);
    }

    [Fact]
    public async Task Repeated_request_id_returns_the_first_claim_and_creates_nothing_more()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var request = new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks"), RequestId = "import-1" };

        var first = await client.CreateClaimAsync(request);
        var second = await client.CreateClaimAsync(request);

        Assert.Equal(first, second);
        var all = await client.ListClaimsAsync(new ListClaimsRequest());
        Assert.Single(all.Claims);
    }

    [Fact]
    public async Task Same_request_id_with_a_different_body_is_refused()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks"), RequestId = "import-1" });

        var error = await RpcAssert.FailsWith(StatusCode.AlreadyExists, () =>
            client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("surge-peak"), RequestId = "import-1" }).ResponseAsync);

        Assert.Equal("REQUEST_ID_REUSED", RpcAssert.Info(error).Reason);
        Assert.Single((await client.ListClaimsAsync(new ListClaimsRequest())).Claims);
    }

    [Fact]
    public async Task Concurrent_creates_with_one_request_id_make_exactly_one_claim()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var request = new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks"), RequestId = "retry-storm" };

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.CreateClaimAsync(request).ResponseAsync));

        Assert.Single(results.Select(r => r.Name).Distinct());
        Assert.Single((await client.ListClaimsAsync(new ListClaimsRequest())).Claims);
        var events = await client.ListClaimHistoryAsync(new ListClaimHistoryRequest { Name = results[0].Name });
        Assert.Single(events.Events);
    }

    [Fact]
    public async Task Unknown_claim_is_not_found_with_error_info()
    {
        using var server = ClaimsHost.Open();
        var error = await RpcAssert.FailsWith(StatusCode.NotFound, () => server.Client().GetClaimAsync(new GetClaimRequest { Name = "claims/missing" }).ResponseAsync);

        var info = RpcAssert.Info(error);
        Assert.Equal("CLAIM_NOT_FOUND", info.Reason);
        Assert.Equal("claims/missing", info.Metadata["claim"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("missing")]
    [InlineData("claims/")]
    [InlineData("claims/UPPER")]
    [InlineData("verdicts/x")]
    public async Task Malformed_names_are_invalid_arguments(string name)
    {
        using var server = ClaimsHost.Open();
        var violations = await RpcAssert.InvalidFields(() => server.Client().GetClaimAsync(new GetClaimRequest { Name = name }).ResponseAsync);
        Assert.Contains("name", violations.Keys);
    }

    private static async Task AssertEmpty(ClaimsService.ClaimsServiceClient client)
    {
        Assert.Empty((await client.ListClaimsAsync(new ListClaimsRequest())).Claims);
        using var watch = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var stream = client.WatchClaims(new WatchClaimsRequest(), cancellationToken: watch.Token);
        var received = 0;
        try
        {
            while (await stream.ResponseStream.MoveNext(watch.Token))
            {
                received++;
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
        {
            // The watch was cut off by the test's own deadline: the point is that no event arrived before it.
        }

        Assert.Equal(0, received);
    }
}
