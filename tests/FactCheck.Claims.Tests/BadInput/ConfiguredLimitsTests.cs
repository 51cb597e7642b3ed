using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Grpc.Core;

namespace FactCheck.Claims.Tests.BadInput;

/// <summary>The limits are read from the <c>Limits</c> section: at the edge, in the store's own check of an edit, and for gRPC's message size.</summary>
public sealed class ConfiguredLimitsTests
{
    [Fact]
    public async Task A_lowered_limit_is_enforced_on_create_and_on_update()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Limits:MaxText"] = "40" });
        var client = server.Client();
        var claim = ValidRequests.Claim();
        claim.Text = new string('t', 40);
        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = claim });

        claim.Text = new string('t', 41);
        var onCreate = await RpcAssert.InvalidFields(() => client.CreateClaimAsync(new CreateClaimRequest { Claim = claim }).ResponseAsync);
        var edit = created.Clone();
        edit.Text = new string('t', 41);
        var onUpdate = await RpcAssert.InvalidFields(() =>
            client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "text" } } }).ResponseAsync);

        Assert.Equal("must be at most 40 characters (got 41)", onCreate["claim.text"]);
        Assert.Equal("must be at most 40 characters (got 41)", onUpdate["claim.text"]);
    }

    [Fact]
    public async Task A_raised_limit_is_taken_by_the_store_as_well_as_the_edge()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Limits:MaxText"] = "8000", ["Limits:MaxTags"] = "30" });
        var client = server.Client();
        var claim = ValidRequests.Claim();
        claim.Text = new string('t', 8000);
        claim.Tags.AddRange(Enumerable.Range(0, 28).Select(i => $"tag-{i}"));

        var created = await client.CreateClaimAsync(new CreateClaimRequest { Claim = claim });
        var edit = created.Clone();
        edit.Text = new string('u', 8000);
        var updated = await client.UpdateClaimAsync(new UpdateClaimRequest { Claim = edit, UpdateMask = new Google.Protobuf.WellKnownTypes.FieldMask { Paths = { "text" } } });

        Assert.Equal((8000, 30), (updated.Text.Length, updated.Tags.Count));
    }

    [Fact]
    public async Task The_page_size_limits_are_read_from_configuration()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Limits:DefaultPageSize"] = "2", ["Limits:MaxPageSize"] = "3" });
        var client = server.Client();
        for (var i = 0; i < 4; i++)
        {
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = ValidRequests.Claim() });
        }

        Assert.Equal(2, (await client.ListClaimsAsync(new ListClaimsRequest())).Claims.Count);
        Assert.Equal(3, (await client.ListClaimsAsync(new ListClaimsRequest { PageSize = 500 })).Claims.Count);
    }

    [Fact]
    public async Task The_message_size_limit_is_read_from_configuration()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Limits:MaxMessageBytes"] = "2048" });
        var claim = ValidRequests.Claim();
        claim.Text = new string('t', 2048);

        var error = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => server.Client().CreateClaimAsync(new CreateClaimRequest { Claim = claim }).ResponseAsync);

        Assert.Contains("maximum", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Empty((await server.Client().ListClaimsAsync(new ListClaimsRequest())).Claims);
    }

    [Theory]
    [InlineData("Limits:MaxText", "0", "Limits:MaxText must be at least 1 (got 0)")]
    [InlineData("Limits:DefaultPageSize", "600", "Limits:DefaultPageSize (600) must not be larger than Limits:MaxPageSize (500)")]
    [InlineData("Limits:MaxMessageBytes", "10", "Limits:MaxMessageBytes must be at least 1024 (got 10)")]
    [InlineData("Limits:MaxConcurrentCallsPerCaller", "0", "Limits:MaxConcurrentCallsPerCaller must be at least 1 (got 0)")]
    [InlineData("Limits:MaxWatchersPerCaller", "-1", "Limits:MaxWatchersPerCaller must be at least 1 (got -1)")]
    [InlineData("Limits:MaxWatchersPerCaller", "101", "Limits:MaxWatchersPerCaller (101) must not be larger than Limits:MaxConcurrentCallsPerCaller (100): a watcher is a call")]
    public void A_limit_that_makes_no_sense_stops_the_service_at_start_up(string key, string value, string expected)
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { [key] = value });

        var error = Assert.Throws<InvalidOperationException>(() => server.Server);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_valid_request_fits_the_default_message_limit_twice()
    {
        // Every text field full, of three-byte characters (UTF-8's widest for one UTF-16 unit), every list at its limit.
        static string Full(int length) => new('€', length);
        var claim = new Claim { Text = Full(FactCheck.Domain.Limits.MaxText), Speaker = Full(FactCheck.Domain.Limits.MaxSpeaker), StatusDetail = Full(FactCheck.Domain.Limits.MaxStatusDetail), Language = "en" };
        claim.Sources.AddRange(Enumerable.Range(0, FactCheck.Domain.Limits.MaxSources).Select(_ => new Source
        {
            Url = "https://example.org/" + new string('u', FactCheck.Domain.Limits.MaxUrl - 20),
            Title = Full(FactCheck.Domain.Limits.MaxTitle),
            Publisher = Full(FactCheck.Domain.Limits.MaxPublisher),
            Quote = Full(FactCheck.Domain.Limits.MaxQuote),
        }));
        claim.RequiredParties.AddRange(Enumerable.Range(0, FactCheck.Domain.Limits.MaxParties).Select(i => Full(FactCheck.Domain.Limits.MaxParty - 2) + $"{i:D2}"));
        claim.Tags.AddRange(Enumerable.Range(0, FactCheck.Domain.Limits.MaxTags).Select(i => $"{i:D2}" + new string('t', FactCheck.Domain.Limits.MaxTag - 2)));
        var request = new CreateClaimRequest { Claim = claim, ClaimId = "a" + new string('b', 62), RequestId = new string('r', FactCheck.Domain.Limits.MaxRequestId) };

        Assert.InRange(request.CalculateSize(), 1, FactCheck.ServiceDefaults.MessageLimits.DefaultMaxMessageBytes / 2);
    }
}
