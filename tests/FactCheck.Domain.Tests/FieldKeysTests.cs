namespace FactCheck.Domain.Tests;

/// <summary>Domain field keys and how an edge renders them in its own naming.</summary>
public class FieldKeysTests
{
    [Theory]
    [InlineData("text", "text")]
    [InlineData("requiredParties", "required_parties")]
    [InlineData("dueTime", "due_time")]
    [InlineData("statusDetail", "status_detail")]
    public void Snake_case_is_how_protobuf_names_a_field(string key, string proto) => Assert.Equal(proto, FieldKeys.SnakeCase(key));

    [Theory]
    [InlineData("text", null, "text")]
    [InlineData("requiredParties[1]", "claim", "claim.required_parties[1]")]
    [InlineData("sources[0].publishedTime", "claim", "claim.sources[0].published_time")]
    [InlineData("evidence[2].url", null, "evidence[2].url")]
    public void A_key_renders_segment_by_segment_keeping_its_indexes(string key, string? prefix, string rendered) =>
        Assert.Equal(rendered, FieldKeys.Render(key, prefix, FieldKeys.SnakeCase));

    [Fact]
    public void Only_whole_segment_names_are_renamed()
    {
        // A rename table applies to names, never to parts of them: "dueTime" is renamed, "dueTimes" is not.
        static string Rename(string name) => name == ClaimFields.DueTime ? "due" : name;
        Assert.Equal("claims[3].due", FieldKeys.Render(ClaimFields.DueTime, "claims[3]", Rename));
        Assert.Equal("claims[3].dueTimes", FieldKeys.Render("dueTimes", "claims[3]", Rename));
    }

    [Fact]
    public void A_refusal_renders_its_fields_and_its_message()
    {
        var refusal = Refusals.Invalid([new(ClaimFields.RequiredParties + "[0]", "must not be empty")]);
        var rendered = refusal.WithFields(key => FieldKeys.Render(key, "claim", FieldKeys.SnakeCase));

        Assert.Equal("claim.required_parties[0]", Assert.Single(rendered.Violations).Field);
        Assert.Equal("claim.required_parties[0]: must not be empty", rendered.Message);
        Assert.Equal((refusal.Kind, refusal.Reason), (rendered.Kind, rendered.Reason));
    }
}
