using FactCheck.Cli.Commands;
using FactCheck.Cli.Errors;
using FactCheck.Cli.Import;
using FactCheck.Contracts.V1;

namespace FactCheck.Cli.Tests.Rendering;

/// <summary>How typed values are read: claim names, statuses, times, durations, and positions in an import file.</summary>
public sealed class ParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("agreement", "claims/agreement")]
    [InlineData("claims/agreement", "claims/agreement")]
    [InlineData(" agreement ", "claims/agreement")]
    public void Claim_arguments_take_an_id_or_a_name(string typed, string name) => Assert.Equal(name, Arguments.Claim(typed));

    [Theory]
    [InlineData("")]
    [InlineData("claims/")]
    [InlineData("claims/a/verdicts/b")]
    [InlineData("other/agreement")]
    public void Other_claim_arguments_are_usage_errors(string typed) => Assert.Throws<UsageException>(() => Arguments.Claim(typed));

    [Fact]
    public void Statuses_accept_any_case_the_enum_name_and_commas()
    {
        Assert.Equal(
            [ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Overdue, ClaimStatus.Unverified],
            Arguments.Statuses(["pending,CONFIRMED", "claim_status_overdue", " unverified "]));
        var error = Assert.Throws<UsageException>(() => Arguments.Statuses(["pending,maybe"]));
        Assert.Equal("--status: 'maybe' is not a status (unverified, pending, confirmed, disputed, refuted, retracted, overdue)", error.Message);
    }

    [Theory]
    [InlineData("now", "2026-11-23T15:30:00Z")]
    [InlineData("today", "2026-11-23T00:00:00Z")]
    [InlineData("2025-09-30", "2025-09-30T00:00:00Z")]
    [InlineData("2025-09-30T23:59:59Z", "2025-09-30T23:59:59Z")]
    [InlineData("2025-09-30T23:59:59", "2025-09-30T23:59:59Z")]
    [InlineData("2025-10-01T01:59:59+02:00", "2025-09-30T23:59:59Z")]
    public void Times_are_read_in_UTC(string typed, string expected) =>
        Assert.Equal(expected, Arguments.Time(typed, "--due", Now).ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_malformed_time_names_its_option() =>
        Assert.StartsWith("--due-before: 'soon' is not a time", Assert.Throws<UsageException>(() => Arguments.Time("soon", "--due-before", Now)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData("1500ms", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("2.5", 2_500)]
    public void Durations_have_units(string typed, int milliseconds)
    {
        Assert.True(Arguments.TryDuration(typed, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-1s")]
    [InlineData("soon")]
    [InlineData("2h")]
    public void Bad_durations_are_refused(string typed) => Assert.False(Arguments.TryDuration(typed, out _));

    [Fact]
    public void Positions_in_a_json_file_are_line_and_column_of_each_value()
    {
        var locator = JsonLocator.Index("{\n  \"claims\": [\n    { \"text\": \"é\", \"sources\": [ { \"url\": 1 } ] }\n  ]\n}"u8.ToArray());

        Assert.Equal("2:13", locator.Position("claims"));
        Assert.Equal("3:5", locator.Position("claims[0]"));
        Assert.Equal("3:15", locator.Position("claims[0].text"));
        Assert.Equal("3:42", locator.Position("claims[0].sources[0].url"));
        // A field that is missing points at the object that should have had it.
        Assert.Equal("3:5", locator.Position("claims[0].speaker"));
    }

    [Fact]
    public void Request_ids_follow_the_content()
    {
        var a = new CreateClaimRequest { ClaimId = "a", Claim = new Claim { Text = "one" } };
        var same = new CreateClaimRequest { ClaimId = "a", Claim = new Claim { Text = "one" }, RequestId = "ignored" };
        var other = new CreateClaimRequest { ClaimId = "a", Claim = new Claim { Text = "two" } };

        Assert.Equal(ImportFile.RequestId(a), ImportFile.RequestId(same));
        Assert.NotEqual(ImportFile.RequestId(a), ImportFile.RequestId(other));
    }
}
