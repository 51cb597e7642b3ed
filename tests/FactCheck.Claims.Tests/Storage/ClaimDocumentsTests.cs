using FactCheck.Claims.Grpc;
using FactCheck.Claims.Storage;
using FactCheck.Domain;
using FactCheck.Storage;
using FactCheck.Testing;

namespace FactCheck.Claims.Tests.Storage;

/// <summary>
/// The claims store's source-generated claim and event documents against <see cref="StoredJson"/>'s
/// reflection-based ones, which existing databases hold: the same text written, and old text read
/// back to the same values, on every sample claim and on text that must be escaped.
/// </summary>
public sealed class ClaimDocumentsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 7, 30, 15, 123, TimeSpan.Zero);

    public static TheoryData<string> Ids => [.. SampleClaims.Ids];

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_sample_claim_is_written_as_before(string id)
    {
        var claim = SampleClaim(id);
        Assert.Equal(StoredJson.Write(claim), ClaimDocuments.Claim(claim));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_sample_claims_events_are_written_as_before(string id)
    {
        foreach (var change in Events(SampleClaim(id)))
        {
            Assert.Equal(StoredJson.Write(change), ClaimDocuments.Event(change));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Documents_written_before_read_back_as_before(string id)
    {
        var claim = SampleClaim(id);
        var stored = StoredJson.Write(claim);
        Assert.Equal(stored, StoredJson.Write(ClaimDocuments.ReadClaim(stored)));
        Assert.Equal(StoredJson.Write(StoredJson.Read<Claim>(stored)), StoredJson.Write(ClaimDocuments.ReadClaim(stored)));
        foreach (var change in Events(claim))
        {
            var storedEvent = StoredJson.Write(change);
            Assert.Equal(storedEvent, StoredJson.Write(ClaimDocuments.ReadEvent(storedEvent)));
        }
    }

    [Fact]
    public void Text_that_must_be_escaped_is_escaped_as_before()
    {
        var sample = SampleClaim(SampleClaims.Ids[0]);
        var claim = sample with
        {
            Content = sample.Content with
            {
                Text = "Le \"ministre\" a dit <non> & 'oui' à 5 €\n\ttab \u2028 \U0001F600",
                Speaker = "Zoë Çelik",
                Tags = ["été", "a+b"],
                ParentId = null,
                DueTime = Now.ToOffset(TimeSpan.FromHours(2)),
            },
            StatusDetail = "",
        };
        Assert.Equal(StoredJson.Write(claim), ClaimDocuments.Claim(claim));
        foreach (var change in Events(claim))
        {
            Assert.Equal(StoredJson.Write(change), ClaimDocuments.Event(change));
        }
    }

    private static Claim SampleClaim(string id)
    {
        var violations = new List<FieldViolation>();
        var content = ClaimMapper.Content(SampleClaims.Claim(id), "claim", violations);
        Assert.Empty(violations);
        return new Claim(id, content, ClaimStatus.Pending, "awaiting Washington", Now, Now.AddMinutes(5), Revision: 3);
    }

    /// <summary>A created event (no previous status, no evidence, untraced) and a traced status change with evidence.</summary>
    private static IEnumerable<ClaimEvent> Events(Claim claim) =>
    [
        new ClaimEvent(0, ClaimEventType.Created, claim, null, "editor@example.org", "", [], Now, "request-1"),
        new ClaimEvent(0, ClaimEventType.StatusChanged, claim with { Status = ClaimStatus.Confirmed }, ClaimStatus.Pending, "editor@example.org",
            "confirmed by both \"sides\"", [new Evidence("https://example.org/a", "quoted", Now), new Evidence("https://example.org/b", "", null)],
            Now.AddSeconds(1), "", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
    ];
}
