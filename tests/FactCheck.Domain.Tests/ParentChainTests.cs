namespace FactCheck.Domain.Tests;

public class ParentChainTests
{
    /// <summary>A chain as a store reads it: "b>a" is claim b naming parent a, "a" a claim without one.</summary>
    private static ParentChain Chain(params string[] links) =>
        new(links.Select(l => l.Split('>') is [var id, var parent] ? new ParentLink(id, parent) : new ParentLink(l, null)).ToList());

    private static string? Refusal(string claimId, string? parentId, ParentChain chain)
    {
        try
        {
            chain.Check(claimId, parentId);
            return null;
        }
        catch (RefusalException e) when (e.Reason == "INVALID_ARGUMENT")
        {
            var violation = Assert.Single(e.Violations);
            Assert.Equal(ClaimFields.Parent, violation.Field);
            return violation.Description;
        }
    }

    // claim  parent  chain the store read        refusal (null: allowed)
    [Theory]
    [InlineData("c", null, new string[0], null)]
    [InlineData("c", "a", new[] { "a" }, null)]
    [InlineData("c", "b", new[] { "b>a", "a" }, null)]
    [InlineData("c", "missing", new string[0], "claim 'claims/missing' does not exist")]
    [InlineData("c", "b", new[] { "b>gone" }, "claim 'claims/gone' does not exist")]
    [InlineData("c", "c", new[] { "c" }, "'claims/c' depends on this claim; a claim cannot depend on itself")]
    [InlineData("a", "c", new[] { "c>b", "b>a", "a>c" }, "'claims/c' depends on this claim; a claim cannot depend on itself")]
    public void A_parent_exists_and_never_leads_back_to_the_claim(string claimId, string? parentId, string[] links, string? refusal) =>
        Assert.Equal(refusal, Refusal(claimId, parentId, Chain(links)));

    [Fact]
    public void Chains_are_at_most_the_limit_deep()
    {
        // p0 > p1 > ... : a chain of exactly n links ends at a claim without a parent.
        static ParentChain Of(int n) => new(Enumerable.Range(0, n).Select(i => new ParentLink($"p{i}", i < n - 1 ? $"p{i + 1}" : null)).ToList());

        Assert.Null(Refusal("c", "p0", Of(Limits.MaxParentDepth)));
        Assert.Equal($"chains of parents may be at most {Limits.MaxParentDepth} deep", Refusal("c", "p0", Of(ParentChain.MaxLinks)));
    }
}
