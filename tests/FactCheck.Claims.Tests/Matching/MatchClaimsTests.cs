using FactCheck.Claims.Matching;
using Limits = FactCheck.Domain.Limits;
using FactCheck.Contracts.V1;
using FactCheck.Domain.Matching;
using FactCheck.Testing;
using Grpc.Net.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FactCheck.Claims.Tests.Matching;

/// <summary>MatchClaims through real gRPC on a real SQLite file, with the real sentence-embedding model.</summary>
public sealed class MatchClaimsTests
{
    private static readonly Dictionary<string, string?> OnMeaning = new() { ["Matching:Semantic"] = "true" };

    private const string TroopsTalks = "Roughly 2,500 US troops were stationed in Iraq at the time of the talks.";

    private static async Task<Dictionary<string, string>> SeedSamplesAsync(ClaimsService.ClaimsServiceClient client)
    {
        var names = new Dictionary<string, string>();
        foreach (var id in SampleClaims.Ids)
        {
            var claim = await client.CreateClaimAsync(SampleClaims.Create(id));
            names[claim.Text] = claim.Name;
        }

        return names;
    }

    /// <summary>Waits until the index has every claim, then matches.</summary>
    private static async Task<MatchClaimsResponse> MatchIndexedAsync(ClaimsService.ClaimsServiceClient client, MatchClaimsRequest request)
    {
        await Eventually.Until(() => client.MatchClaimsAsync(new MatchClaimsRequest { Text = "index" }).ResponseAsync,
            r => r.UnindexedClaims == 0, "every claim indexed for meaning", describe: r => $"{r.UnindexedClaims} unindexed");
        return await client.MatchClaimsAsync(request);
    }

    [Fact]
    public async Task A_paraphrase_of_a_sample_claim_finds_it_first()
    {
        using var server = ClaimsHost.Open(OnMeaning);
        var client = server.Client();
        var names = await SeedSamplesAsync(client);

        var response = await MatchIndexedAsync(client, new() { Text = "Around 2,500 American troops were in Iraq when the talks took place" });

        Assert.Equal("all-MiniLM-L6-v2", response.SemanticModel);
        var best = response.Matches[0];
        Assert.True(names[TroopsTalks] == best.Claim.Name, Describe(response));
        Assert.True(best.SemanticallyIndexed);
        Assert.True(best.SemanticSimilarity > 0.7, Describe(response));
        Assert.Equal(["500", "troops", "iraq", "talks"], best.SharedTerms);
    }

    [Fact]
    public async Task A_paraphrase_sharing_almost_no_words_is_found_on_meaning()
    {
        using var server = ClaimsHost.Open(OnMeaning);
        var client = server.Client();
        var names = await SeedSamplesAsync(client);

        var response = await MatchIndexedAsync(client, new() { Text = "About 2500 American soldiers were based in Iraq while the negotiations went on" });

        // Another claim shares more of its words ("soldiers", "Iraq"); by meaning this one is the closest, and it is among the first three.
        var closest = response.Matches.MaxBy(m => m.SemanticSimilarity)!;
        Assert.True(names[TroopsTalks] == closest.Claim.Name, Describe(response));
        Assert.Contains(names[TroopsTalks], response.Matches.Take(3).Select(m => m.Claim.Name));
    }

    [Fact]
    public async Task A_repeat_of_a_claim_scores_as_a_likely_duplicate_and_unrelated_text_does_not()
    {
        using var server = ClaimsHost.Open(OnMeaning);
        var client = server.Client();
        var names = await SeedSamplesAsync(client);

        var repeat = await MatchIndexedAsync(client, new() { Text = TroopsTalks + " https://t.co/abc123 — Some Reporter (@reporter) January 6, 2024" });
        Assert.Equal(names[TroopsTalks], repeat.Matches[0].Claim.Name);
        Assert.True(repeat.Matches[0].Score >= MatchRanking.DuplicateThreshold, $"score {repeat.Matches[0].Score}");

        var unrelated = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = "The city council approved a new bicycle lane on Main Street." });
        Assert.All(unrelated.Matches, m => Assert.True(m.Score < MatchRanking.DuplicateThreshold, $"{m.Claim.Name} scored {m.Score}"));
    }

    [Fact]
    public async Task Matches_come_best_first_and_the_filters_apply()
    {
        using var server = ClaimsHost.Open(OnMeaning);
        var client = server.Client();
        var names = await SeedSamplesAsync(client);
        var troops = names[TroopsTalks];
        await client.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = troops, Status = ClaimStatus.Confirmed, Reason = "confirmed by the Pentagon" });

        var all = await MatchIndexedAsync(client, new() { Text = TroopsTalks, PageSize = 50 });
        Assert.Equal(troops, all.Matches[0].Claim.Name);
        Assert.All(all.Matches, m => Assert.InRange(m.Score, 0f, 1f));

        var confirmed = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = TroopsTalks, Statuses = { ClaimStatus.Confirmed } });
        Assert.Equal([troops], confirmed.Matches.Select(m => m.Claim.Name));
        var refuted = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = TroopsTalks, Statuses = { ClaimStatus.Refuted } });
        Assert.Empty(refuted.Matches);
        var german = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = TroopsTalks, Language = "de" });
        Assert.Empty(german.Matches);
        var one = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = TroopsTalks, PageSize = 1 });
        Assert.Single(one.Matches);
    }

    [Fact]
    public async Task A_new_claim_is_matched_on_meaning_within_seconds()
    {
        using var server = ClaimsHost.Open(OnMeaning);
        var client = server.Client();
        await SeedSamplesAsync(client);
        var created = await client.CreateClaimAsync(new CreateClaimRequest
        {
            Claim = new Claim
            {
                Text = "Norway will close its last coal mine on Svalbard by 2025.",
                Speaker = "Store Norske",
                Sources = { new Source { Url = "https://example.org/news/svalbard-coal", Publisher = "Example News (placeholder)" } },
            },
        });

        // Until the new claim is the best match on meaning. An answer computed while the indexer
        // adds the claim can rank it without its meaning (the search ran before the claim was
        // added) yet report it indexed (its similarity was looked up after): the next answer ranks it.
        await Eventually.Until(
            () => client.MatchClaimsAsync(new MatchClaimsRequest { Text = "The final Arctic coal pit run by Norway shuts down" }).ResponseAsync,
            r => r.Matches.Count > 0 && r.Matches[0].Claim.Name == created.Name && r.Matches[0].SemanticallyIndexed, "the new claim the best match on meaning",
            describe: Describe);
    }

    [Fact]
    public async Task A_restart_keeps_the_index_and_recomputes_nothing()
    {
        using var folder = new TempFolder("factcheck-claims-");
        var claims = await SeedAndIndexAsync(folder);

        var log = new CapturedLog();
        using var host = new ClaimsHost(folder, secured: false, OnMeaning);
        using var restarted = host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        var client = new ClaimsService.ClaimsServiceClient(GrpcChannel.ForAddress(restarted.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = restarted.Server.CreateHandler() }));

        var response = await MatchIndexedAsync(client, new() { Text = TroopsTalks });
        Assert.True(response.Matches[0].SemanticallyIndexed);
        Assert.Contains($"Matching index loaded: {claims} claims with a stored vector, 0 to embed", LoadLines(log));
    }

    [Fact]
    public async Task A_change_of_model_indexes_every_claim_again()
    {
        using var folder = new TempFolder("factcheck-claims-");
        var claims = await SeedAndIndexAsync(folder);

        // As if the vectors had been made by another model.
        await using (var connection = new SqliteConnection(folder.ClaimsDb + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = new SqliteCommand("UPDATE claim_vectors SET model = 'an-older-model'", connection);
            Assert.Equal(claims, await command.ExecuteNonQueryAsync());
        }

        var log = new CapturedLog();
        using var host = new ClaimsHost(folder, secured: false, OnMeaning);
        using var restarted = host.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(log)));
        var client = new ClaimsService.ClaimsServiceClient(GrpcChannel.ForAddress(restarted.Server.BaseAddress,
            new GrpcChannelOptions { HttpHandler = restarted.Server.CreateHandler() }));

        var response = await MatchIndexedAsync(client, new() { Text = TroopsTalks });
        Assert.True(response.Matches[0].SemanticallyIndexed);
        Assert.Contains($"Matching index loaded: 0 claims with a stored vector, {claims} to embed", LoadLines(log));
        await using var check = new SqliteConnection(folder.ClaimsDb + ";Pooling=False");
        await check.OpenAsync();
        await using var models = new SqliteCommand("SELECT model, COUNT(*) FROM claim_vectors GROUP BY model", check);
        await using var reader = await models.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((SentenceEmbedder.ModelId, (long)claims), (reader.GetString(0), reader.GetInt64(1)));
        Assert.False(await reader.ReadAsync());
    }

    private static string Describe(MatchClaimsResponse response) =>
        string.Join("; ", response.Matches.Select(m => $"{m.Claim.Name} {m.Score:F3} cos {m.SemanticSimilarity:F3} [{string.Join(" ", m.SharedTerms)}]"));

    /// <summary>The sample claims stored in <paramref name="folder"/> and indexed for meaning by a service that then stops; returns how many.</summary>
    private static async Task<int> SeedAndIndexAsync(TempFolder folder)
    {
        using var first = new ClaimsHost(folder, secured: false, OnMeaning);
        var claims = (await SeedSamplesAsync(first.Client())).Count;
        await MatchIndexedAsync(first.Client(), new() { Text = TroopsTalks });
        return claims;
    }

    private static List<string> LoadLines(CapturedLog log) =>
        [.. log.Lines.Where(l => l.Message.StartsWith("Matching index loaded", StringComparison.Ordinal)).Select(l => l.Message[..l.Message.IndexOf(", in ", StringComparison.Ordinal)])];

    [Fact]
    public async Task Without_the_model_claims_match_on_their_words_alone()
    {
        using var server = ClaimsHost.Open(new Dictionary<string, string?> { ["Matching:Semantic"] = "false" });
        var client = server.Client();
        var names = await SeedSamplesAsync(client);

        var response = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = "How many US troops were stationed in Iraq during the talks?" });

        Assert.Equal("", response.SemanticModel);
        Assert.Equal(0, response.UnindexedClaims);
        Assert.Equal(names[TroopsTalks], response.Matches[0].Claim.Name);
        Assert.All(response.Matches, m => Assert.False(m.SemanticallyIndexed));
        Assert.Equal(["us", "troops", "stationed", "iraq", "talks"], response.Matches[0].SharedTerms);
    }

    [Fact]
    public async Task Bad_requests_are_refused_naming_the_field()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();

        Assert.Equal("is required", (await RpcAssert.InvalidFields(() => client.MatchClaimsAsync(new MatchClaimsRequest()).ResponseAsync))["text"]);
        Assert.Contains("text", await RpcAssert.InvalidFields(() => client.MatchClaimsAsync(new MatchClaimsRequest { Text = "  \n " }).ResponseAsync));
        Assert.Contains("text", await RpcAssert.InvalidFields(() => client.MatchClaimsAsync(new MatchClaimsRequest { Text = new string('x', Limits.MaxText + 1) }).ResponseAsync));
        var fields = await RpcAssert.InvalidFields(() => client.MatchClaimsAsync(new MatchClaimsRequest
        {
            Text = "troops in Iraq",
            PageSize = -1,
            Language = "not a language",
            Tag = new string('t', Limits.MaxTag + 1),
            Statuses = { (ClaimStatus)99 },
        }).ResponseAsync);
        Assert.Equal(["language", "page_size", "statuses[0]", "tag"], fields.Keys.Order());
    }

    [Fact]
    public async Task A_large_page_size_is_lowered_to_the_maximum()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        for (var i = 0; i < Limits.MaxMatches + 5; i++)
        {
            await client.CreateClaimAsync(new CreateClaimRequest
            {
                Claim = new Claim { Text = $"Troops left base number {i} in Iraq.", Sources = { new Source { Url = $"https://example.org/news/base-{i}" } } },
            });
        }

        var response = await client.MatchClaimsAsync(new MatchClaimsRequest { Text = "troops left base in Iraq", PageSize = 1000 });
        Assert.Equal(Limits.MaxMatches, response.Matches.Count);
    }
}
