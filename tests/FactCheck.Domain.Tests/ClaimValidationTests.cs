namespace FactCheck.Domain.Tests;

public class ClaimValidationTests
{
    private static ClaimContent Valid() => new(
        "US and Iraqi diplomats have reached an agreement on withdrawing US troops from Iraq.",
        "an unnamed US official",
        [new Source("https://example.org/news/1", "title", "Example News", null, "quote")],
        ["Washington", "Baghdad"],
        null,
        null,
        ["iraq", "us-troops"],
        "en");

    private static Dictionary<string, string> Check(ClaimContent content)
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckContent(content, LimitSettings.Default, violations);
        return violations.ToDictionary(v => v.Field, v => v.Description);
    }

    [Fact]
    public void A_complete_claim_has_no_violations() => Assert.Empty(Check(Valid()));

    [Theory]
    [InlineData("", "is required")]
    [InlineData("   ", "is required")]
    public void Text_is_required(string text, string expected) =>
        Assert.Equal(expected, Check(Valid() with { Text = text })["text"]);

    [Fact]
    public void Text_is_bounded() =>
        Assert.Contains("at most 4000", Check(Valid() with { Text = new string('a', 4001) })["text"], StringComparison.Ordinal);

    [Fact]
    public void At_least_one_source_is_required() =>
        Assert.Contains("at least one source", Check(Valid() with { Sources = [] })["sources"], StringComparison.Ordinal);

    [Theory]
    [InlineData("", "is required")]
    [InlineData("/relative/path", "absolute http or https URL")]
    [InlineData("ftp://example.org/file", "absolute http or https URL")]
    [InlineData("not a url", "absolute http or https URL")]
    public void Source_urls_must_be_absolute_http(string url, string expected) =>
        Assert.Contains(expected, Check(Valid() with { Sources = [new Source(url, "", "", null, "")] })["sources[0].url"], StringComparison.Ordinal);

    [Fact]
    public void Too_many_sources_are_refused() =>
        Assert.Contains("at most 20", Check(Valid() with { Sources = Enumerable.Repeat(Valid().Sources[0], 21).ToList() })["sources"], StringComparison.Ordinal);

    [Theory]
    [InlineData("has space")]
    [InlineData("semi;colon")]
    public void Tags_allow_only_simple_characters(string tag) =>
        Assert.Contains("only letters", Check(Valid() with { Tags = [tag] })["tags[0]"], StringComparison.Ordinal);

    [Fact]
    public void Duplicate_required_parties_are_refused() =>
        Assert.Contains("listed twice", Check(Valid() with { RequiredParties = ["Washington", "washington"] })["requiredParties[1]"], StringComparison.Ordinal);

    [Fact]
    public void Language_must_be_a_language_tag() =>
        Assert.Contains("BCP-47", Check(Valid() with { Language = "english!" })["language"], StringComparison.Ordinal);

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var violations = Check(Valid() with { Text = "", Sources = [new Source("x", "", "", null, "")], Tags = [""] });
        Assert.Equal(["sources[0].url", "tags[0]", "text"], violations.Keys.Order().ToArray());
    }

    [Theory]
    [InlineData("agreement", true)]
    [InlineData("c0190a2b", true)]
    [InlineData("Agreement", false)]
    [InlineData("1abc", false)]
    [InlineData("a_b", false)]
    [InlineData("", false)]
    public void Claim_ids_are_lower_case_letters_digits_and_dashes(string id, bool valid) =>
        Assert.Equal(valid, ClaimName.IsValidId(id));

    [Fact]
    public void A_status_change_needs_a_reason()
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckStatusChange(new StatusChange(ClaimStatus.Confirmed, "", " ", []), LimitSettings.Default, violations);
        Assert.Equal("reason", Assert.Single(violations).Field);
    }

    [Fact]
    public void Evidence_urls_must_be_absolute_when_given()
    {
        var violations = new List<FieldViolation>();
        ClaimValidation.CheckStatusChange(new StatusChange(ClaimStatus.Confirmed, "", "confirmed", [new Evidence("", "", null), new Evidence("nope", "", null)]), LimitSettings.Default, violations);
        Assert.Equal("evidence[1].url", Assert.Single(violations).Field);
    }
}
