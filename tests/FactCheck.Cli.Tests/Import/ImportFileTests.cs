using System.Text;
using FactCheck.Cli.Import;

namespace FactCheck.Cli.Tests.Import;

/// <summary>How the import reader reports what the claims rules would refuse, at the file's own paths.</summary>
public sealed class ImportFileTests
{
    private static string[] Problems(string json) =>
        ImportFile.Parse(Encoding.UTF8.GetBytes(json)).Problems.Select(p => $"{p.Path}: {p.Message}").ToArray();

    [Fact]
    public void A_value_that_cannot_be_read_is_reported_once_not_again_by_the_claims_rules()
    {
        Assert.Equal(
            [
                "claims[0].text: must be a string (got number)",
                "claims[0].sources: must be an array of sources",
                "claims[1].sources[0]: must be an object with at least a \"url\"",
                "claims[1].tags[1]: must be a string (got true)",
            ],
            Problems("""
                { "claims": [
                  { "text": 7, "sources": "https://example.org/a" },
                  { "text": "x", "sources": ["https://example.org/a"], "tags": ["a", true] }
                ] }
                """));
    }

    [Fact]
    public void List_items_keep_their_positions_in_the_file()
    {
        Assert.Equal(
            [
                "claims[0].requiredParties[1]: must be a string (got number)",
                "claims[0].requiredParties[2]: 'Washington' is listed twice",
            ],
            Problems("""
                { "claims": [ { "text": "x", "sources": [{ "url": "https://example.org/a" }], "requiredParties": ["Washington", 1, " Washington "] } ] }
                """));
    }

    [Fact]
    public void A_parent_in_the_service_must_be_a_claim_name_and_one_in_the_file_an_id_of_the_file()
    {
        var parsed = ImportFile.Parse("""
            { "claims": [
              { "id": "a", "text": "x", "sources": [{ "url": "https://example.org/a" }], "parent": "claims/Not An Id" },
              { "id": "b", "text": "x", "sources": [{ "url": "https://example.org/a" }], "parent": "claims/a" },
              { "id": "", "text": "x", "sources": [{ "url": "https://example.org/a" }], "parent": "b" }
            ] }
            """u8.ToArray());

        Assert.Equal(
            [
                "claims[0].parent: must be a claim name of the form 'claims/{claim_id}'",
                "claims[2].id: is empty: give an id, or leave the field out to have one derived from the claim",
            ],
            parsed.Problems.Select(p => $"{p.Path}: {p.Message}"));
        // Only the well-formed name is left for the service to confirm.
        Assert.Equal([("claims[1].parent", "claims/a")], parsed.ExternalParents);
    }

    [Fact]
    public void A_loop_of_parents_is_refused()
    {
        Assert.Equal(
            ["claims[0].parent: parent links form a cycle"],
            Problems("""
                { "claims": [
                  { "id": "a", "text": "x", "sources": [{ "url": "https://example.org/a" }], "parent": "b" },
                  { "id": "b", "text": "x", "sources": [{ "url": "https://example.org/a" }], "parent": "a" }
                ] }
                """));
    }
}
