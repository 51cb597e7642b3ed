using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FactCheck.Cli.Tests.Support;
using FactCheck.Contracts.V1;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Limits = FactCheck.Domain.Limits;

namespace FactCheck.Cli.Tests.Import;

/// <summary>
/// Issue 8's "done when": the claims service and `factcheck import` take every limit an import
/// file is checked against from FactCheck.Domain's <see cref="Limits"/>. For each one, a claim
/// whose value is exactly at the limit is accepted by both, and one a step over it is refused
/// by both at the same field in the same words. The numbers are read from <see cref="Limits"/>,
/// so changing one there moves what both sides accept, and this test with them.
/// </summary>
public sealed class SharedLimitsTests(SharedLimitsTests.ClaimsService service) : IClassFixture<SharedLimitsTests.ClaimsService>
{
    private const string SomeUrl = "https://example.org/";

    /// <summary>
    /// One limit: the field as the import file names it and as the contract does, its number,
    /// and how to give a claim a value of a given size there. Each value is written in the JSON
    /// names the import file and the contract's JSON mapping share, so one claim goes to both sides.
    /// </summary>
    public sealed record Limit(string FileField, string ContractField, int Max, Action<JsonObject, int> Fill);

    private static readonly Dictionary<string, Limit> All = new Limit[]
    {
        new("text", "text", Limits.MaxText, (claim, n) => claim["text"] = new string('t', n)),
        new("speaker", "speaker", Limits.MaxSpeaker, (claim, n) => claim["speaker"] = new string('s', n)),
        new("sources", "sources", Limits.MaxSources, (claim, n) => claim["sources"] = Items(n, i => new JsonObject { ["url"] = $"{SomeUrl}{i}" })),
        new("sources[0].url", "sources[0].url", Limits.MaxUrl, (claim, n) => FirstSource(claim)["url"] = SomeUrl + new string('u', n - SomeUrl.Length)),
        new("sources[0].title", "sources[0].title", Limits.MaxTitle, (claim, n) => FirstSource(claim)["title"] = new string('h', n)),
        new("sources[0].publisher", "sources[0].publisher", Limits.MaxPublisher, (claim, n) => FirstSource(claim)["publisher"] = new string('p', n)),
        new("sources[0].quote", "sources[0].quote", Limits.MaxQuote, (claim, n) => FirstSource(claim)["quote"] = new string('q', n)),
        new("requiredParties", "required_parties", Limits.MaxParties, (claim, n) => claim["requiredParties"] = Items(n, i => (JsonNode)$"party {i}")),
        new("requiredParties[0]", "required_parties[0]", Limits.MaxParty, (claim, n) => claim["requiredParties"] = Items(1, _ => (JsonNode)new string('w', n))),
        new("tags", "tags", Limits.MaxTags, (claim, n) => claim["tags"] = Items(n, i => (JsonNode)$"tag-{i}")),
        new("tags[0]", "tags[0]", Limits.MaxTag, (claim, n) => claim["tags"] = Items(1, _ => (JsonNode)new string('g', n))),
        new("language", "language", Limits.MaxLanguage, (claim, n) => claim["language"] = LanguageTag(n)),
    }.ToDictionary(limit => limit.FileField);

    public static TheoryData<string> Fields => new(All.Keys);

    [Theory]
    [MemberData(nameof(Fields))]
    public async Task A_value_at_the_limit_is_accepted_by_both_and_one_over_is_refused_by_both_at_the_same_field(string field)
    {
        var limit = All[field];

        var atLimit = Claim(limit, limit.Max);
        var importAtLimit = await ImportAsync(atLimit);
        Assert.True(importAtLimit.ExitCode == 0, $"import at {field} = {limit.Max}: {importAtLimit}");
        var created = await service.Host.Client().CreateClaimAsync(new CreateClaimRequest { Claim = JsonParser.Default.Parse<Claim>(atLimit.ToJsonString()) });
        Assert.StartsWith("claims/", created.Name, StringComparison.Ordinal);

        var overLimit = Claim(limit, limit.Max + 1);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            service.Host.Client().CreateClaimAsync(new CreateClaimRequest { Claim = JsonParser.Default.Parse<Claim>(overLimit.ToJsonString()) }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal($"claim.{limit.ContractField}", violation.Field);

        var importOverLimit = await ImportAsync(overLimit);
        Assert.True(importOverLimit.ExitCode == 2, $"import at {field} = {limit.Max + 1}: {importOverLimit}");
        var problem = Assert.Single(importOverLimit.Error.Split('\n'), line => line.StartsWith("limits.json:", StringComparison.Ordinal));
        Assert.Matches($@"^limits\.json:\d+:\d+: {Regex.Escape($"claims[0].{limit.FileField}: {violation.Description}")}$", problem);
    }

    /// <summary>A valid claim with a value of <paramref name="size"/> at <paramref name="limit"/>'s field.</summary>
    private static JsonObject Claim(Limit limit, int size)
    {
        var claim = new JsonObject
        {
            ["text"] = "A claim at the limits.",
            ["sources"] = Items(1, _ => new JsonObject { ["url"] = SomeUrl + "a" }),
        };
        limit.Fill(claim, size);
        return claim;
    }

    /// <summary>`factcheck import --dry-run` of a file holding <paramref name="claim"/> alone: validation only.</summary>
    private static async Task<CliResult> ImportAsync(JsonObject claim)
    {
        using var folder = new TempFolder("factcheck-limits-");
        await File.WriteAllTextAsync(folder.File("limits.json"), new JsonObject { ["claims"] = Items(1, _ => claim.DeepClone()) }.ToJsonString());
        return await new CliRunner(null, currentDirectory: folder.Path).RunAsync("import", "limits.json", "--dry-run");
    }

    private static JsonArray Items(int count, Func<int, JsonNode> item) => new(Enumerable.Range(0, count).Select(i => (JsonNode?)item(i)).ToArray());

    private static JsonObject FirstSource(JsonObject claim) => claim["sources"]![0]!.AsObject();

    /// <summary>A well-formed BCP-47 tag of exactly <paramref name="length"/> characters: a primary subtag, then subtags of up to 8 letters.</summary>
    private static string LanguageTag(int length)
    {
        // Every subtag after the first takes 2 to 9 characters with its '-', so any rest but 1 can be filled.
        var tag = new StringBuilder(length == 3 ? "enx" : "en");
        while (tag.Length < length)
        {
            var rest = length - tag.Length;
            var take = Math.Min(9, rest);
            if (rest - take == 1)
            {
                // Leave two characters for a last subtag rather than an impossible one.
                take--;
            }

            tag.Append('-').Append('x', take - 1);
        }

        return tag.ToString();
    }

    /// <summary>One claims service (open, as on loopback) for every limit: each claim it is sent gets an id of its own.</summary>
    public sealed class ClaimsService : IDisposable
    {
        private readonly TempFolder _folder = new("factcheck-limits-");

        public ClaimsService() => Host = new ClaimsHost(_folder, secured: false);

        public ClaimsHost Host { get; }

        public void Dispose()
        {
            Host.Dispose();
            _folder.Dispose();
        }
    }
}
