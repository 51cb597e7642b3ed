using FactCheck.Claims.Storage;
using FactCheck.Contracts.V1;
using FactCheck.GrpcEdge;
using FactCheck.ServiceDefaults;
using FactCheck.Testing;
using FactCheck.Testing.BadInput;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.DependencyInjection;
using ClaimOrder = FactCheck.Contracts.V1.ClaimOrder;
using ClaimStatus = FactCheck.Contracts.V1.ClaimStatus;
using Limits = FactCheck.Domain.Limits;
using TextKind = FactCheck.Domain.TextKind;

namespace FactCheck.Claims.Tests.BadInput;

/// <summary>
/// Issue 10, "bad input, as one table", for the claims service: every row sends one valid
/// request with one field made bad, through the real service on an in-memory server, and
/// requires the status code, the one field the BadRequest names, and that the event sequence
/// (every write appends to it) did not move. Rows are built as field × bad value: each text
/// field with each value its kind refuses (<see cref="BadValues"/>), each claim name, timestamp,
/// URL, enum, list and page-token field with its bad values, and every method with a message
/// over the size limit and one that is not a message. The valid requests themselves are
/// accepted (<see cref="ClaimsGoodInputTests"/>), so a row fails only by its mutation.
/// </summary>
public sealed class ClaimsBadInputTests(ClaimsBadInputTests.Service service) : IClassFixture<ClaimsBadInputTests.Service>
{
    private const string Api = "factcheck.v1.ClaimsService";

    /// <summary>An open claims host holding "claims/base" and "claims/child" (whose parent is base), shared by every row.</summary>
    public sealed class Service : IAsyncLifetime
    {
        public ClaimsHost Host { get; } = ClaimsHost.Open();

        public async Task InitializeAsync()
        {
            var client = Host.Client();
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = ValidRequests.Claim(), ClaimId = "base" });
            var child = ValidRequests.Claim();
            child.Parent = "claims/base";
            await client.CreateClaimAsync(new CreateClaimRequest { Claim = child, ClaimId = "child" });
        }

        /// <summary>The last sequence of the event table: every write appends an event in the same transaction.</summary>
        public async Task<long> LastSequenceAsync()
        {
            var events = await Host.Services.GetRequiredService<ClaimStore>().ReadEventsAsync(0, 10_000, CancellationToken.None);
            return events.Count == 0 ? 0 : events[^1].Sequence;
        }

        public Task DisposeAsync()
        {
            Host.Dispose();
            return Task.CompletedTask;
        }
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
    public async Task Is_refused_naming_the_field_and_writes_nothing(string method, string field, string bad)
    {
        var row = Table[$"{method} | {field} | {bad}"];
        var before = await service.LastSequenceAsync();

        await BadInputCalls.AssertRefusedAsync(service.Host.Channel().CreateCallInvoker(), Api, row, "claims.factcheck.v1", serverStreaming: row.Method == "WatchClaims");

        Assert.Equal(before, await service.LastSequenceAsync());
    }

    [Fact]
    public void The_table_has_a_row_for_every_method() =>
        Assert.Equal(
            ["CreateClaim", "GetClaim", "ListClaimHistory", "ListClaims", "UpdateClaim", "UpdateClaimStatus", "WatchClaims"],
            Table.Values.Select(r => r.Method).Distinct().Order(StringComparer.Ordinal));

    private static readonly Dictionary<string, BadInputCase> Table = Rows().ToDictionary(r => r.Name);

    private static IEnumerable<BadInputCase> Rows()
    {
        const string create = "CreateClaim", update = "UpdateClaim", status = "UpdateClaimStatus", get = "GetClaim", list = "ListClaims", history = "ListClaimHistory", watch = "WatchClaims";
        Func<CreateClaimRequest> c = ValidRequests.Create;
        Func<UpdateClaimRequest> u = ValidRequests.Update;
        Func<UpdateClaimStatusRequest> s = ValidRequests.ChangeStatus;
        Func<GetClaimRequest> g = ValidRequests.Get;
        Func<ListClaimsRequest> l = ValidRequests.List;
        Func<ListClaimHistoryRequest> h = ValidRequests.History;
        Func<WatchClaimsRequest> w = ValidRequests.Watch;

        // Text fields × the values their kind refuses, and × bytes that are not UTF-8.
        IEnumerable<BadInputCase>[] text =
        [
            //    method  field                         kind            max                   required  request  set
            Text(create, "claim.text",                  TextKind.Prose, Limits.MaxText,       true,  c, (r, v) => r.Claim.Text = v),
            Text(create, "claim.speaker",               TextKind.Line,  Limits.MaxSpeaker,    false, c, (r, v) => r.Claim.Speaker = v),
            Text(create, "claim.sources[0].title",      TextKind.Line,  Limits.MaxTitle,      false, c, (r, v) => r.Claim.Sources[0].Title = v),
            Text(create, "claim.sources[0].publisher",  TextKind.Line,  Limits.MaxPublisher,  false, c, (r, v) => r.Claim.Sources[0].Publisher = v),
            Text(create, "claim.sources[0].quote",      TextKind.Prose, Limits.MaxQuote,      false, c, (r, v) => r.Claim.Sources[0].Quote = v),
            Text(create, "claim.required_parties[0]",   TextKind.Key,   Limits.MaxParty,      true,  c, (r, v) => r.Claim.RequiredParties[0] = v),
            Text(create, "claim.status_detail",         TextKind.Line,  Limits.MaxStatusDetail, false, c, (r, v) => r.Claim.StatusDetail = v),
            Text(create, "request_id",                  TextKind.Key,   Limits.MaxRequestId,  false, c, (r, v) => r.RequestId = v),
            Text(update, "claim.text",                  TextKind.Prose, Limits.MaxText,       true,  u, (r, v) => r.Claim.Text = v),
            Text(update, "claim.speaker",               TextKind.Line,  Limits.MaxSpeaker,    false, u, (r, v) => r.Claim.Speaker = v),
            Text(update, "claim.sources[0].title",      TextKind.Line,  Limits.MaxTitle,      false, u, (r, v) => r.Claim.Sources[0].Title = v),
            Text(update, "claim.sources[0].publisher",  TextKind.Line,  Limits.MaxPublisher,  false, u, (r, v) => r.Claim.Sources[0].Publisher = v),
            Text(update, "claim.sources[0].quote",      TextKind.Prose, Limits.MaxQuote,      false, u, (r, v) => r.Claim.Sources[0].Quote = v),
            Text(update, "claim.required_parties[0]",   TextKind.Key,   Limits.MaxParty,      true,  u, (r, v) => r.Claim.RequiredParties[0] = v),
            Text(status, "status_detail",               TextKind.Line,  Limits.MaxStatusDetail, false, s, (r, v) => r.StatusDetail = v),
            Text(status, "reason",                      TextKind.Prose, Limits.MaxReason,     true,  s, (r, v) => r.Reason = v),
            Text(status, "evidence[0].quote",           TextKind.Prose, Limits.MaxQuote,      false, s, (r, v) => r.Evidence[0].Quote = v),
            Text(status, "request_id",                  TextKind.Key,   Limits.MaxRequestId,  false, s, (r, v) => r.RequestId = v),
            Text(list,   "query",                       TextKind.Line,  Limits.MaxQuery,      false, l, (r, v) => r.Query = v),
        ];

        // Other string fields: not UTF-8 on the wire.
        IEnumerable<BadInputCase>[] utf8 =
        [
            NotUtf8(create, "claim_id", c, (r, v) => r.ClaimId = v),
            NotUtf8(create, "claim.sources[0].url", c, (r, v) => r.Claim.Sources[0].Url = v),
            NotUtf8(create, "claim.tags[0]", c, (r, v) => r.Claim.Tags[0] = v),
            NotUtf8(create, "claim.language", c, (r, v) => r.Claim.Language = v),
            NotUtf8(create, "claim.parent", c, (r, v) => r.Claim.Parent = v),
            NotUtf8(update, "claim.name", u, (r, v) => r.Claim.Name = v),
            NotUtf8(update, "update_mask.paths[0]", u, (r, v) => r.UpdateMask.Paths[0] = v),
            NotUtf8(update, "etag", u, (r, v) => r.Etag = v),
            NotUtf8(status, "name", s, (r, v) => r.Name = v),
            NotUtf8(status, "evidence[0].url", s, (r, v) => r.Evidence[0].Url = v),
            NotUtf8(get, "name", g, (r, v) => r.Name = v),
            NotUtf8(list, "page_token", l, (r, v) => r.PageToken = v),
            NotUtf8(list, "speaker", l, (r, v) => r.Speaker = v),
            NotUtf8(history, "name", h, (r, v) => r.Name = v),
            NotUtf8(history, "page_token", h, (r, v) => r.PageToken = v),
            NotUtf8(watch, "tag", w, (r, v) => r.Tag = v),
        ];

        IEnumerable<BadInputCase>[] urls =
        [
            Urls(create, "claim.sources[0].url", required: true, c, (r, v) => r.Claim.Sources[0].Url = v),
            Urls(update, "claim.sources[0].url", required: true, u, (r, v) => r.Claim.Sources[0].Url = v),
            Urls(status, "evidence[0].url", required: false, s, (r, v) => r.Evidence[0].Url = v),
        ];

        IEnumerable<BadInputCase>[] names =
        [
            Names(get, "name", required: true, g, (r, v) => r.Name = v),
            Names(update, "claim.name", required: true, u, (r, v) => r.Claim.Name = v),
            Names(status, "name", required: true, s, (r, v) => r.Name = v),
            Names(history, "name", required: true, h, (r, v) => r.Name = v),
            Names(create, "claim.parent", required: false, c, (r, v) => r.Claim.Parent = v),
            Names(update, "claim.parent", required: false, u, (r, v) => r.Claim.Parent = v),
            Names(list, "parent", required: false, l, (r, v) => r.Parent = v),
        ];

        IEnumerable<BadInputCase>[] times =
        [
            Times(create, "claim.due_time", c, (r, t) => r.Claim.DueTime = t),
            Times(create, "claim.sources[0].published_time", c, (r, t) => r.Claim.Sources[0].PublishedTime = t),
            Times(update, "claim.due_time", u, (r, t) => r.Claim.DueTime = t),
            Times(update, "claim.sources[0].published_time", u, (r, t) => r.Claim.Sources[0].PublishedTime = t),
            Times(status, "evidence[0].observed_time", s, (r, t) => r.Evidence[0].ObservedTime = t),
            Times(list, "due_before", l, (r, t) => r.DueBefore = t),
            Times(list, "due_after", l, (r, t) => r.DueAfter = t),
        ];

        IEnumerable<BadInputCase>[] pages =
        [
            PageSizes(list, l, (r, n) => r.PageSize = n),
            PageSizes(history, h, (r, n) => r.PageSize = n),
            PageTokens(list, l, (r, t) => r.PageToken = t, ValidPageTokens.List),
            PageTokens(history, h, (r, t) => r.PageToken = t, ValidPageTokens.History),
        ];

        // Methods × a message over the size limit, and × bytes that are not a message.
        BadInputCase[] messages =
        [
            BadInputCase.TooLarge(create, "claim.text", c, (r, v) => r.Claim.Text = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(update, "claim.text", u, (r, v) => r.Claim.Text = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(status, "reason", s, (r, v) => r.Reason = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(get, "name", g, (r, v) => r.Name = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(list, "query", l, (r, v) => r.Query = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(history, "page_token", h, (r, v) => r.PageToken = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.TooLarge(watch, "tag", w, (r, v) => r.Tag = v, MessageLimits.DefaultMaxMessageBytes),
            BadInputCase.Truncated(create, c),
            BadInputCase.Truncated(update, u),
            BadInputCase.Truncated(status, s),
            BadInputCase.Truncated(get, g),
            BadInputCase.Truncated(list, l),
            BadInputCase.Truncated(history, h),
            BadInputCase.Truncated(watch, w),
        ];

        // One-off rows: method, field, bad value, mutation, expected field (when not the row's own).
        BadInputCase[] single =
        [
            BadInputCase.Of(create, "claim", "missing", c, r => r.Claim = null),
            BadInputCase.Of(create, "claim.status", "CONFIRMED (a new claim is UNVERIFIED or PENDING)", c, r => r.Claim.Status = ClaimStatus.Confirmed),
            BadInputCase.Of(create, "claim.status", "unknown value 99", c, r => r.Claim.Status = (ClaimStatus)99),
            BadInputCase.Of(create, "claim.status", "unknown value -1", c, r => r.Claim.Status = (ClaimStatus)(-1)),
            BadInputCase.Of(create, "claim_id", "upper case and '_'", c, r => r.ClaimId = "Not_Valid"),
            BadInputCase.Of(create, "claim_id", "starting with a digit", c, r => r.ClaimId = "1abc"),
            BadInputCase.Of(create, "claim_id", "64 characters", c, r => r.ClaimId = "a" + new string('b', 63)),
            BadInputCase.Of(create, "claim_id", "a resource name", c, r => r.ClaimId = "claims/x"),
            BadInputCase.Of(create, "claim_id", "with a NUL", c, r => r.ClaimId = "a\u0000b"),
            BadInputCase.Of(create, "claim.parent", "a claim that does not exist", c, r => r.Claim.Parent = "claims/missing"),
            BadInputCase.Of(create, "claim.parent", "the claim itself", c, r => (r.ClaimId, r.Claim.Parent) = ("loop", "claims/loop")),
            BadInputCase.Of(update, "claim", "missing", u, r => r.Claim = null),
            BadInputCase.Of(update, "claim.parent", "a claim that does not exist", u, r => r.Claim.Parent = "claims/missing"),
            BadInputCase.Of(update, "claim.parent", "the claim itself", u, r => r.Claim.Parent = "claims/base"),
            BadInputCase.Of(update, "claim.parent", "its own child (a cycle)", u, r => r.Claim.Parent = "claims/child"),
            BadInputCase.Of(update, "update_mask", "missing", u, r => r.UpdateMask = null),
            BadInputCase.Of(update, "update_mask", "no paths", u, r => r.UpdateMask.Paths.Clear()),
            BadInputCase.Of(update, "update_mask.paths[0]", "status", u, r => r.UpdateMask.Paths[0] = "status"),
            BadInputCase.Of(update, "update_mask.paths[0]", "status_detail", u, r => r.UpdateMask.Paths[0] = "status_detail"),
            BadInputCase.Of(update, "update_mask.paths[0]", "an output-only field", u, r => r.UpdateMask.Paths[0] = "create_time"),
            BadInputCase.Of(update, "update_mask.paths[0]", "no such field", u, r => r.UpdateMask.Paths[0] = "colour"),
            BadInputCase.Of(status, "status", "UNSPECIFIED", s, r => r.Status = ClaimStatus.Unspecified),
            BadInputCase.Of(status, "status", "unknown value 99", s, r => r.Status = (ClaimStatus)99),
            BadInputCase.Of(status, "status", "unknown value -1", s, r => r.Status = (ClaimStatus)(-1)),
            BadInputCase.Of(status, "evidence", "21 items", s, r => r.Evidence.AddRange(Enumerable.Range(0, Limits.MaxEvidence).Select(i => new Evidence { Quote = $"q{i}" }))),
            BadInputCase.Of(list, "statuses[0]", "unknown value 99", l, r => r.Statuses.Add((ClaimStatus)99)),
            BadInputCase.Of(list, "statuses[0]", "UNSPECIFIED", l, r => r.Statuses.Add(ClaimStatus.Unspecified)),
            BadInputCase.Of(list, "order", "unknown value 99", l, r => r.Order = (ClaimOrder)99),
            BadInputCase.Of(list, "order", "unknown value -1", l, r => r.Order = (ClaimOrder)(-1)),
            BadInputCase.Of(list, "due_before", "not after due_after", l, r => (r.DueBefore, r.DueAfter) = (Time(2025, 1, 1), Time(2025, 1, 1))),
            BadInputCase.Of(list, "speaker", $"{Limits.MaxSpeaker + 1} characters", l, r => r.Speaker = new string('s', Limits.MaxSpeaker + 1)),
            BadInputCase.Of(list, "tag", $"{Limits.MaxTag + 1} characters", l, r => r.Tag = new string('t', Limits.MaxTag + 1)),
            BadInputCase.Of(list, "source_publisher", $"{Limits.MaxPublisher + 1} characters", l, r => r.SourcePublisher = new string('p', Limits.MaxPublisher + 1)),
            BadInputCase.Of(list, "source_url", $"{Limits.MaxUrl + 1} characters", l, r => r.SourceUrl = new string('u', Limits.MaxUrl + 1)),
            BadInputCase.Of(watch, "after_sequence", "-1", w, r => r.AfterSequence = -1),
            BadInputCase.Of(watch, "after_sequence", "long.MinValue", w, r => r.AfterSequence = long.MinValue),
            BadInputCase.Of(watch, "statuses[0]", "unknown value 99", w, r => r.Statuses.Add((ClaimStatus)99)),
            BadInputCase.Of(watch, "statuses[0]", "UNSPECIFIED", w, r => r.Statuses.Add(ClaimStatus.Unspecified)),
            BadInputCase.Of(watch, "tag", $"{Limits.MaxTag + 1} characters", w, r => r.Tag = new string('t', Limits.MaxTag + 1)),
        ];

        return text.Concat(utf8).Concat(urls).Concat(names).Concat(times).Concat(pages).SelectMany(rows => rows)
            .Concat(Content(create, c, r => r.Claim)).Concat(Content(update, u, r => r.Claim))
            .Concat(messages).Concat(single);
    }

    /// <summary>The list, tag and language rows of a claim's content, for CreateClaim and UpdateClaim alike.</summary>
    private static IEnumerable<BadInputCase> Content<T>(string method, Func<T> valid, Func<T, Claim> claim)
        where T : Google.Protobuf.IMessage<T>
    {
        yield return BadInputCase.Of(method, "claim.sources", "none", valid, r => claim(r).Sources.Clear());
        yield return BadInputCase.Of(method, "claim.sources", $"{Limits.MaxSources + 1} sources", valid, r =>
            claim(r).Sources.AddRange(Enumerable.Range(0, Limits.MaxSources).Select(i => new Source { Url = $"https://example.org/{i}" })));
        yield return BadInputCase.Of(method, "claim.required_parties", $"{Limits.MaxParties + 1} parties", valid, r =>
            claim(r).RequiredParties.AddRange(Enumerable.Range(0, Limits.MaxParties - 1).Select(i => $"party {i}")));
        yield return BadInputCase.Of(method, "claim.required_parties[1]", "a party listed twice (ignoring case)", valid, r => claim(r).RequiredParties[1] = "WASHINGTON");
        yield return BadInputCase.Of(method, "claim.tags", $"{Limits.MaxTags + 1} tags", valid, r =>
            claim(r).Tags.AddRange(Enumerable.Range(0, Limits.MaxTags - 1).Select(i => $"tag-{i}")));
        yield return BadInputCase.Of(method, "claim.tags[1]", "a tag listed twice (ignoring case)", valid, r => claim(r).Tags[1] = "IRAQ");
        foreach (var (bad, tag) in new[]
                 {
                     ("empty", ""), ($"{Limits.MaxTag + 1} characters", new string('t', Limits.MaxTag + 1)), ("a space", "us troops"), ("a ';'", "a;b"),
                     ("a non-ASCII letter", "übergabe"), ("a zero-width space", "iraq\u200B"), ("a NUL", "ir\u0000aq"),
                 })
        {
            yield return BadInputCase.Of(method, "claim.tags[0]", bad, valid, r => claim(r).Tags[0] = tag);
        }

        foreach (var (bad, language) in new[] { ("not a tag", "english!"), ("an underscore", "en_US"), ("36+ characters", "en" + string.Concat(Enumerable.Repeat("-abcdefgh", 4))), ("a single letter", "e") })
        {
            yield return BadInputCase.Of(method, "claim.language", bad, valid, r => claim(r).Language = language);
        }
    }

    private static IEnumerable<BadInputCase> Text<T>(string method, string field, TextKind kind, int max, bool required, Func<T> valid, Action<T, string> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.Text(kind, max, required).Select(v => BadInputCase.Of(method, field, v.Description, valid, r => set(r, v.Value)))
            .Concat(NotUtf8(method, field, valid, set));

    private static IEnumerable<BadInputCase> NotUtf8<T>(string method, string field, Func<T> valid, Action<T, string> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.NotUtf8.Select(v => BadInputCase.NotUtf8(method, field, v.Description, valid, set, v.Value));

    private static IEnumerable<BadInputCase> Urls<T>(string method, string field, bool required, Func<T> valid, Action<T, string> set)
        where T : Google.Protobuf.IMessage<T> =>
        (required ? [new BadValue<string>("empty", "")] : Array.Empty<BadValue<string>>()).Concat(BadValues.Urls)
            .Select(v => BadInputCase.Of(method, field, v.Description, valid, r => set(r, v.Value)));

    private static IEnumerable<BadInputCase> Names<T>(string method, string field, bool required, Func<T> valid, Action<T, string> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.ClaimNames(required).Select(v => BadInputCase.Of(method, field, v.Description, valid, r => set(r, v.Value)));

    private static IEnumerable<BadInputCase> Times<T>(string method, string field, Func<T> valid, Action<T, Timestamp> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.Timestamps.Select(v => BadInputCase.Of(method, field, v.Description, valid, r => set(r, v.Value.Clone())));

    private static IEnumerable<BadInputCase> PageSizes<T>(string method, Func<T> valid, Action<T, int> set)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.PageSizes.Select(v => BadInputCase.Of(method, "page_size", v.Description, valid, r => set(r, v.Value)));

    private static IEnumerable<BadInputCase> PageTokens<T>(string method, Func<T> valid, Action<T, string> set, IEnumerable<BadValue<string>> forThisMethod)
        where T : Google.Protobuf.IMessage<T> =>
        BadValues.ForeignPageTokens.Concat(forThisMethod).Select(v => BadInputCase.Of(method, "page_token", v.Description, valid, r => set(r, v.Value)));

    private static Timestamp Time(int year, int month, int day) => Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Tokens the service would issue, but for another request: other filters, another claim, another method, or tampered with.</summary>
    private static class ValidPageTokens
    {
        public static IEnumerable<BadValue<string>> List =>
        [
            new("issued for other filters", Token(new ListClaimsRequest { Query = "other" }, 1, 1)),
            new("issued for another order", Token(new ListClaimsRequest { Order = ClaimOrder.Oldest }, 1, 1)),
            new("issued by ListClaimHistory", Token(ValidRequests.History(), 1)),
            new("tampered with", Tamper(Token(ValidRequests.List(), 1, 1))),
        ];

        public static IEnumerable<BadValue<string>> History =>
        [
            new("issued for another claim", Token(new ListClaimHistoryRequest { Name = "claims/child" }, 1)),
            new("issued by ListClaims", Token(ValidRequests.List(), 1, 1)),
            new("tampered with", Tamper(Token(ValidRequests.History(), 1))),
        ];

        /// <summary>A token as the service writes one for <paramref name="request"/> (its page size and token do not count).</summary>
        private static string Token<T>(T request, params long[] position)
            where T : Google.Protobuf.IMessage<T> =>
            FactCheck.GrpcEdge.PageTokens.Encode(Fingerprints.Of(request, r =>
            {
                r.Descriptor.FindFieldByName("page_size")?.Accessor.SetValue(r, 0);
                r.Descriptor.FindFieldByName("page_token")?.Accessor.SetValue(r, "");
            }), position);

        /// <summary>One character of the fingerprint's part of the token changed.</summary>
        private static string Tamper(string token)
        {
            var chars = token.ToCharArray();
            chars[28] = chars[28] == 'A' ? 'B' : 'A';
            return new string(chars);
        }
    }
}

/// <summary>The valid request of each ClaimsService method that the bad-input rows start from.</summary>
public static class ValidRequests
{
    public static Claim Claim() => new()
    {
        Text = "US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq.",
        Speaker = "an unnamed US official",
        Sources =
        {
            new Source
            {
                Url = "https://example.org/news/agreement",
                Title = "Agreement reached on troop withdrawal",
                Publisher = "Example News",
                PublishedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero)),
                Quote = "The deal is pending final go-ahead from Washington and Baghdad.",
            },
        },
        RequiredParties = { "Washington", "Baghdad" },
        Tags = { "iraq", "us-troops" },
        Language = "en",
        DueTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 31, 23, 59, 59, TimeSpan.Zero)),
    };

    public static CreateClaimRequest Create() => new() { Claim = Claim(), ClaimId = "new-claim", RequestId = "create-1" };

    public static UpdateClaimRequest Update()
    {
        var claim = Claim();
        claim.Name = "claims/base";
        return new UpdateClaimRequest { Claim = claim, UpdateMask = new FieldMask { Paths = { "*" } } };
    }

    public static UpdateClaimStatusRequest ChangeStatus() => new()
    {
        Name = "claims/base",
        Status = ClaimStatus.Pending,
        StatusDetail = "confirmed by Washington; awaiting Baghdad",
        Reason = "Washington gave its go-ahead",
        Evidence =
        {
            new Evidence
            {
                Url = "https://example.org/statements/washington",
                Quote = "We approve the agreement.",
                ObservedTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 3, 2, 9, 0, 0, TimeSpan.Zero)),
            },
        },
        RequestId = "status-1",
    };

    public static GetClaimRequest Get() => new() { Name = "claims/base" };

    public static ListClaimsRequest List() => new() { PageSize = 10 };

    public static ListClaimHistoryRequest History() => new() { Name = "claims/base", PageSize = 10 };

    public static WatchClaimsRequest Watch() => new() { AfterSequence = 0 };
}
