using FactCheck.Testing;
using FactCheck.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace FactCheck.Claims.Tests.Grpc;

public class ListClaimsTests
{
    /// <summary>
    /// Five sample claims under their own ids. Every sample shares one source, so surge-peak is
    /// seeded as an archive reprinted it, to give the source filters and the quote search
    /// something to tell apart.
    /// </summary>
    private static async Task<Dictionary<string, Claim>> SeedAsync(ClaimsService.ClaimsServiceClient client)
    {
        var agreement = await client.CreateClaimAsync(SampleClaims.Create("agreement"));
        var first = await client.CreateClaimAsync(SampleClaims.Create("first-withdrawal", parent: agreement.Name));
        var final = await client.CreateClaimAsync(SampleClaims.Create("final-withdrawal", parent: agreement.Name));
        var attacks = await client.CreateClaimAsync(SampleClaims.Create("militia-attacks"));
        var surge = SampleClaims.Create("surge-peak");
        surge.Claim.Sources[0] = new Source { Url = ArchiveUrl, Publisher = "Example Archive", Quote = "troop numbers peaked during the surge" };
        var surgePeak = await client.CreateClaimAsync(surge);
        return new() { ["agreement"] = agreement, ["first"] = first, ["final"] = final, ["attacks"] = attacks, ["surge"] = surgePeak };
    }

    private const string ArchiveUrl = "https://example.org/history/iraq-surge";

    private static async Task<string[]> Ids(ClaimsService.ClaimsServiceClient client, ListClaimsRequest request) =>
        (await client.ListClaimsAsync(request)).Claims.Select(c => c.Name["claims/".Length..]).ToArray();

    [Fact]
    public async Task Each_filter_selects_the_matching_claims()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await SeedAsync(client);
        var oldest = ClaimOrder.Oldest;

        Assert.Equal(["agreement"], await Ids(client, new() { Order = oldest, Statuses = { ClaimStatus.Pending } }));
        Assert.Equal(["first-withdrawal", "final-withdrawal", "militia-attacks", "surge-peak"], await Ids(client, new() { Order = oldest, Statuses = { ClaimStatus.Unverified } }));
        Assert.Equal(["first-withdrawal", "final-withdrawal"], await Ids(client, new() { Order = oldest, Speaker = "The Agreement (as reported)" }));
        Assert.Equal(["first-withdrawal", "final-withdrawal"], await Ids(client, new() { Order = oldest, Tag = "withdrawal" }));
        Assert.Equal(["surge-peak"], await Ids(client, new() { Order = oldest, SourcePublisher = "example archive" }));
        Assert.Equal(["surge-peak"], await Ids(client, new() { Order = oldest, SourceUrl = ArchiveUrl }));
        Assert.Equal(["first-withdrawal", "final-withdrawal"], await Ids(client, new() { Order = oldest, Parent = "claims/agreement" }));

        var endOf2025 = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(["first-withdrawal"], await Ids(client, new() { Order = oldest, DueBefore = endOf2025 }));
        Assert.Equal(["final-withdrawal"], await Ids(client, new() { Order = oldest, DueAfter = endOf2025 }));
    }

    [Fact]
    public async Task Filters_combine_with_and()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await SeedAsync(client);

        Assert.Equal(["first-withdrawal"], await Ids(client, new()
        {
            Tag = "withdrawal",
            Statuses = { ClaimStatus.Unverified, ClaimStatus.Pending },
            DueBefore = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        }));
    }

    [Fact]
    public async Task Full_text_query_searches_text_speaker_and_quotes()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await SeedAsync(client);

        Assert.Equal(["militia-attacks"], await Ids(client, new() { Query = "militias attacked" }));
        Assert.Equal(["agreement"], await Ids(client, new() { Query = "unnamed official" }));
        Assert.Equal(["agreement"], await Ids(client, new() { Query = "announcement timing" }));
        Assert.Equal(["surge-peak"], await Ids(client, new() { Query = "peaked" }));
        Assert.Equal(["surge-peak"], await Ids(client, new() { Query = "surg*" }));
        Assert.Empty(await Ids(client, new() { Query = "militias baghdad" }));
        // Query syntax characters are taken as text, never as FTS operators.
        Assert.Empty(await Ids(client, new() { Query = "\"OR NEAR( -" }));
    }

    [Fact]
    public async Task Orders_newest_oldest_and_due_soonest()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await SeedAsync(client);

        Assert.Equal(["surge-peak", "militia-attacks", "final-withdrawal", "first-withdrawal", "agreement"], await Ids(client, new()));
        Assert.Equal(["agreement", "first-withdrawal", "final-withdrawal", "militia-attacks", "surge-peak"], await Ids(client, new() { Order = ClaimOrder.Oldest }));
        Assert.Equal(["first-withdrawal", "final-withdrawal", "agreement", "militia-attacks", "surge-peak"], await Ids(client, new() { Order = ClaimOrder.DueSoonest }));
    }

    [Theory]
    [InlineData(ClaimOrder.Newest)]
    [InlineData(ClaimOrder.Oldest)]
    [InlineData(ClaimOrder.DueSoonest)]
    public async Task Paging_with_inserts_in_between_loses_and_repeats_nothing(ClaimOrder order)
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        var original = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            var claim = SampleClaims.Claim("militia-attacks");
            claim.Text = $"claim number {i}";
            if (i % 3 != 0)
            {
                claim.DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i % 7));
            }

            original.Add((await client.CreateClaimAsync(new CreateClaimRequest { Claim = claim })).Name);
        }

        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var page = await client.ListClaimsAsync(new ListClaimsRequest { Order = order, PageSize = 7, PageToken = token });
            Assert.True(page.Claims.Count <= 7);
            seen.AddRange(page.Claims.Select(c => c.Name));
            token = page.NextPageToken;
            pages++;
            // Another writer adds claims while we page through.
            var inserted = SampleClaims.Claim("surge-peak");
            inserted.DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(pages % 7));
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = inserted });
        }
        while (token.Length > 0 && pages < 100);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), original);
    }

    [Fact]
    public async Task Page_token_used_with_other_filters_is_refused()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await SeedAsync(client);
        var first = await client.ListClaimsAsync(new ListClaimsRequest { PageSize = 2, Tag = "iraq" });
        Assert.NotEmpty(first.NextPageToken);

        var violations = await RpcAssert.InvalidFields(() => client.ListClaimsAsync(new ListClaimsRequest { PageSize = 2, Tag = "history", PageToken = first.NextPageToken }).ResponseAsync);
        Assert.Contains("other filters", violations["page_token"], StringComparison.Ordinal);

        // A different page size with the same filters is fine (AIP-158).
        var second = await client.ListClaimsAsync(new ListClaimsRequest { PageSize = 3, Tag = "iraq", PageToken = first.NextPageToken });
        Assert.Equal(3, second.Claims.Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJWIjo5fQ")]
    public async Task Forged_page_tokens_are_refused(string token)
    {
        using var server = ClaimsHost.Open();
        var violations = await RpcAssert.InvalidFields(() => server.Client().ListClaimsAsync(new ListClaimsRequest { PageToken = token }).ResponseAsync);
        Assert.Contains("page_token", violations.Keys);
    }

    [Fact]
    public async Task Bad_list_arguments_are_named()
    {
        using var server = ClaimsHost.Open();
        var violations = await RpcAssert.InvalidFields(() => server.Client().ListClaimsAsync(new ListClaimsRequest
        {
            PageSize = -1,
            Statuses = { ClaimStatus.Unspecified, (ClaimStatus)99 },
            Order = (ClaimOrder)12,
            Query = new string('q', 201),
            Parent = "nope",
            DueBefore = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            DueAfter = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)),
        }).ResponseAsync);

        Assert.Equal(["due_before", "order", "page_size", "parent", "query", "statuses[0]", "statuses[1]"], violations.Keys.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Page_size_defaults_to_50_and_is_capped_at_500()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        for (var i = 0; i < 55; i++)
        {
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("militia-attacks") });
        }

        Assert.Equal(50, (await client.ListClaimsAsync(new ListClaimsRequest())).Claims.Count);
        var capped = await client.ListClaimsAsync(new ListClaimsRequest { PageSize = 10_000 });
        Assert.Equal(55, capped.Claims.Count);
        Assert.Empty(capped.NextPageToken);
    }
}
