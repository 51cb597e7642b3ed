using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Testing.BadInput;
using Limits = FactCheck.Domain.Limits;
using TextKind = FactCheck.Domain.TextKind;

namespace FactCheck.Claims.Tests.BadInput;

/// <summary>
/// The other side of <see cref="ClaimsBadInputTests"/>: the valid request every row starts from
/// is accepted, so a row is refused for its mutation alone; and the characters a field's kind
/// allows (<see cref="BadValues.AllowedIn"/>) and values at every limit are accepted, so the
/// rules refuse no more than they say.
/// </summary>
public sealed class ClaimsGoodInputTests
{
    [Fact]
    public async Task The_valid_request_of_every_method_is_accepted()
    {
        using var server = ClaimsHost.Open();
        var client = server.Client();
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = ValidRequests.Claim(), ClaimId = "base" });
        var child = ValidRequests.Claim();
        child.Parent = "claims/base";
        await client.CreateClaimAsync(new CreateClaimRequest { Claim = child, ClaimId = "child" });

        Assert.Equal("claims/new-claim", (await client.CreateClaimAsync(ValidRequests.Create())).Name);
        Assert.Equal(ValidRequests.Claim().Text, (await client.UpdateClaimAsync(ValidRequests.Update())).Text);
        Assert.Equal(ClaimStatus.Pending, (await client.UpdateClaimStatusAsync(ValidRequests.ChangeStatus())).Status);
        Assert.Equal("claims/base", (await client.GetClaimAsync(ValidRequests.Get())).Name);
        Assert.Equal(3, (await client.ListClaimsAsync(ValidRequests.List())).Claims.Count);
        Assert.Equal(3, (await client.ListClaimHistoryAsync(ValidRequests.History())).Events.Count);
        using var watch = client.WatchClaims(ValidRequests.Watch());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(1, watch.ResponseStream.Current.Sequence);
    }

    public static TheoryData<string, string> AllowedText()
    {
        var data = new TheoryData<string, string>();
        foreach (var (field, kind) in Fields.Select(f => (f.Key, f.Value.Kind)))
        {
            foreach (var value in BadValues.AllowedIn(kind).Concat(BadValues.AllowedEverywhere))
            {
                data.Add(field, value.Description);
            }

            data.Add(field, "at the limit");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedText))]
    public async Task A_character_its_kind_allows_and_a_value_at_the_limit_are_accepted(string field, string value)
    {
        using var server = ClaimsHost.Open();
        var (kind, max, set) = Fields[field];
        var text = value == "at the limit"
            ? new string('x', max)
            : BadValues.AllowedIn(kind).Concat(BadValues.AllowedEverywhere).Single(v => v.Description == value).Value;
        var request = ValidRequests.Create();
        set(request, text);

        var created = await server.Client().CreateClaimAsync(request);

        Assert.Equal(text.Trim(), Read(created, request, field));
    }

    private static readonly Dictionary<string, (TextKind Kind, int Max, Action<CreateClaimRequest, string> Set)> Fields = new()
    {
        ["claim.text"] = (TextKind.Prose, Limits.MaxText, (r, v) => r.Claim.Text = v),
        ["claim.speaker"] = (TextKind.Line, Limits.MaxSpeaker, (r, v) => r.Claim.Speaker = v),
        ["claim.sources[0].quote"] = (TextKind.Prose, Limits.MaxQuote, (r, v) => r.Claim.Sources[0].Quote = v),
        ["claim.required_parties[0]"] = (TextKind.Key, Limits.MaxParty, (r, v) => r.Claim.RequiredParties[0] = v),
        ["request_id"] = (TextKind.Key, Limits.MaxRequestId, (r, v) => r.RequestId = v),
    };

    /// <summary>The field as the service stored it (the request id is not returned: the request's own value stands in).</summary>
    private static string Read(Claim created, CreateClaimRequest request, string field) => field switch
    {
        "claim.text" => created.Text,
        "claim.speaker" => created.Speaker,
        "claim.sources[0].quote" => created.Sources[0].Quote,
        "claim.required_parties[0]" => created.RequiredParties[0],
        _ => request.RequestId,
    };
}
