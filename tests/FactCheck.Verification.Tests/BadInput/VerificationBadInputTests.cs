using FactCheck.Claims.Storage;
using FactCheck.Contracts.V1;
using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;
using FactCheck.Testing;
using FactCheck.Testing.BadInput;
using FactCheck.Verification.Storage;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using Limits = FactCheck.Domain.Limits;
using TextKind = FactCheck.Domain.TextKind;

namespace FactCheck.Verification.Tests.BadInput;

/// <summary>
/// Issue 10's bad-input table for the verification service, built as the claims service's is
/// (FactCheck.Claims.Tests/BadInput): one valid request per method with one field made bad,
/// through the real service delivering to a real claims service. Each row must be refused with
/// its status code and the one field its BadRequest names, and must record no verdict, queue
/// no delivery, and move nothing in the claims service's event sequence.
/// </summary>
public sealed class VerificationBadInputTests(VerificationBadInputTests.Services services) : IClassFixture<VerificationBadInputTests.Services>
{
    private const string Api = "factcheck.v1.VerificationService";

    /// <summary>Both services, with "claims/agreement" in the claims service, shared by every row.</summary>
    public sealed class Services : IAsyncLifetime
    {
        public ServicePair Pair { get; } = new();

        public async Task InitializeAsync() =>
            await Pair.ClaimsClient().CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), ClaimId = "agreement" });

        /// <summary>What a refused request must not have changed: verdicts and queued deliveries here, events in the claims service.</summary>
        public async Task<(int Verdicts, int Queued, long Events)> WrittenAsync()
        {
            var verdicts = Pair.Verification.Services.GetRequiredService<IVerdictStore>();
            var claims = Pair.Claims.Services.GetRequiredService<ClaimStore>();
            var events = await claims.ReadEventsAsync(0, 10_000, CancellationToken.None);
            return (
                (await verdicts.ListVerdictsAsync("agreement", 0, 10_000, CancellationToken.None)).Count,
                (await verdicts.ClaimsWithQueuedAsync(OutboxLane.Backlog, 100, CancellationToken.None)).Count,
                events.Count == 0 ? 0 : events[^1].Sequence);
        }

        public async Task DisposeAsync() => await Pair.DisposeAsync();
    }

    /// <summary>Each row as its own test, named by its three parts (xunit cuts a longer argument short).</summary>
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Table.Values)
        {
            data.Add(row.Method, row.Field, row.Bad);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Is_refused_naming_the_field_and_records_nothing(string method, string field, string bad)
    {
        var row = Table[$"{method} | {field} | {bad}"];
        var before = await services.WrittenAsync();

        await BadInputCalls.AssertRefusedAsync(services.Pair.Verification.Channel().WithKey(TestKeys.Desk.Key), Api, row, "verification.factcheck.v1");

        Assert.Equal(before, await services.WrittenAsync());
    }

    [Fact]
    public void The_table_has_a_row_for_every_method() =>
        Assert.Equal(["GetVerificationSummary", "ListVerdicts", "RecordVerdict"], Table.Values.Select(r => r.Method).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public async Task The_valid_request_of_every_method_is_accepted()
    {
        await using var pair = new ServicePair();
        await pair.ClaimsClient().CreateClaimAsync(new CreateClaimRequest { Claim = SampleClaims.Claim("agreement"), ClaimId = "agreement" });
        var desk = pair.Desk();

        Assert.Equal(DeliveryState.Applied, (await desk.RecordVerdictAsync(ValidRequests.Record())).DeliveryState);
        Assert.Single((await desk.ListVerdictsAsync(ValidRequests.List())).Verdicts);
        Assert.Equal(["Baghdad"], (await desk.GetVerificationSummaryAsync(ValidRequests.Summary())).AwaitedParties);
    }

    private static readonly Dictionary<string, BadInputCase> Table = Rows().ToDictionary(r => r.Name);

    private static IEnumerable<BadInputCase> Rows()
    {
        const string record = "RecordVerdict", list = "ListVerdicts", summary = "GetVerificationSummary";
        Func<RecordVerdictRequest> r = ValidRequests.Record;
        Func<ListVerdictsRequest> l = ValidRequests.List;
        Func<GetVerificationSummaryRequest> g = ValidRequests.Summary;

        IEnumerable<BadInputCase>[] text =
        [
            //    method  field                         kind            max                  required  request  set
            Text(record, "verdict.party",               TextKind.Key,   Limits.MaxParty,     true,  r, (q, v) => q.Verdict.Party = v),
            Text(record, "verdict.official",            TextKind.Line,  Limits.MaxOfficial,  false, r, (q, v) => q.Verdict.Official = v),
            Text(record, "verdict.note",                TextKind.Prose, Limits.MaxNote,      false, r, (q, v) => q.Verdict.Note = v),
            Text(record, "verdict.evidence[0].quote",   TextKind.Prose, Limits.MaxQuote,     false, r, (q, v) => q.Verdict.Evidence[0].Quote = v),
            Text(record, "request_id",                  TextKind.Key,   Limits.MaxRequestId, false, r, (q, v) => q.RequestId = v),
            NotUtf8(record, "verdict.claim", r, (q, v) => q.Verdict.Claim = v),
            NotUtf8(record, "verdict.evidence[0].url", r, (q, v) => q.Verdict.Evidence[0].Url = v),
            NotUtf8(list, "claim", l, (q, v) => q.Claim = v),
            NotUtf8(list, "page_token", l, (q, v) => q.PageToken = v),
            NotUtf8(summary, "claim", g, (q, v) => q.Claim = v),
            BadValues.Urls.Select(v => BadInputCase.Of(record, "verdict.evidence[0].url", v.Description, r, q => q.Verdict.Evidence[0].Url = v.Value)),
            BadValues.ClaimNames(required: true).Select(v => BadInputCase.Of(record, "verdict.claim", v.Description, r, q => q.Verdict.Claim = v.Value)),
            BadValues.ClaimNames(required: true).Select(v => BadInputCase.Of(list, "claim", v.Description, l, q => q.Claim = v.Value)),
            BadValues.ClaimNames(required: true).Select(v => BadInputCase.Of(summary, "claim", v.Description, g, q => q.Claim = v.Value)),
            BadValues.Timestamps.Select(v => BadInputCase.Of(record, "verdict.evidence[0].observed_time", v.Description, r, q => q.Verdict.Evidence[0].ObservedTime = v.Value.Clone())),
            BadValues.PageSizes.Select(v => BadInputCase.Of(list, "page_size", v.Description, l, q => q.PageSize = v.Value)),
            BadValues.ForeignPageTokens.Append(new("issued for another claim", Token(new ListVerdictsRequest { Claim = "claims/other" })))
                .Select(v => BadInputCase.Of(list, "page_token", v.Description, l, q => q.PageToken = v.Value)),
        ];

        BadInputCase[] single =
        [
            BadInputCase.Of(record, "verdict", "missing", r, q => q.Verdict = null),
            BadInputCase.Of(record, "verdict.decision", "UNSPECIFIED", r, q => q.Verdict.Decision = VerdictDecision.Unspecified),
            BadInputCase.Of(record, "verdict.decision", "unknown value 99", r, q => q.Verdict.Decision = (VerdictDecision)99),
            BadInputCase.Of(record, "verdict.decision", "unknown value -1", r, q => q.Verdict.Decision = (VerdictDecision)(-1)),
            BadInputCase.Of(record, "verdict.evidence", "none", r, q => q.Verdict.Evidence.Clear()),
            BadInputCase.Of(record, "verdict.evidence", $"{Limits.MaxEvidence + 1} items", r, q =>
                q.Verdict.Evidence.AddRange(Enumerable.Range(0, Limits.MaxEvidence).Select(i => new Evidence { Quote = $"statement {i}" }))),
            BadInputCase.Of(record, "verdict.evidence[0]", "neither url nor quote", r, q => q.Verdict.Evidence[0] = new Evidence()),
            BadInputCase.Of(record, "verdict.evidence[0]", "only spaces as the quote", r, q => q.Verdict.Evidence[0] = new Evidence { Quote = "   " }),
            BadInputCase.TooLarge(record, "verdict.note", r, (q, v) => q.Verdict.Note = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(list, "page_token", l, (q, v) => q.PageToken = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(summary, "claim", g, (q, v) => q.Claim = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.Truncated(record, r),
            BadInputCase.Truncated(list, l),
            BadInputCase.Truncated(summary, g),
        ];

        return text.SelectMany(rows => rows).Concat(single);
    }

    private static IEnumerable<BadInputCase> Text<T>(string method, string field, TextKind kind, int max, bool required, Func<T> valid, Action<T, string> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.Text(kind, max, required).Select(v => BadInputCase.Of(method, field, v.Description, valid, q => set(q, v.Value)))
            .Concat(NotUtf8(method, field, valid, set));

    private static IEnumerable<BadInputCase> NotUtf8<T>(string method, string field, Func<T> valid, Action<T, string> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.NotUtf8.Select(v => BadInputCase.NotUtf8(method, field, v.Description, valid, set, v.Value));

    /// <summary>A token as ListVerdicts writes one, for another request.</summary>
    private static string Token(ListVerdictsRequest request) => PageTokens.Encode(Fingerprints.Of(request, q => { q.PageSize = 0; q.PageToken = ""; }), 1);

    /// <summary>The valid request of each VerificationService method that the rows start from.</summary>
    private static class ValidRequests
    {
        public static RecordVerdictRequest Record()
        {
            var request = SampleVerdicts.Verdict("claims/agreement", "Washington", VerdictDecision.Confirm, requestId: "verdict-1");
            request.Verdict.Evidence[0].ObservedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
            return request;
        }

        public static ListVerdictsRequest List() => new() { Claim = "claims/agreement", PageSize = 10 };

        public static GetVerificationSummaryRequest Summary() => new() { Claim = "claims/agreement" };
    }
}
