namespace FactCheck.Domain;

/// <summary>One stored claim on a chain of parents: its id and the parent it names (null at the top).</summary>
public sealed record ParentLink(string Id, string? ParentId);

/// <summary>
/// The parent rule, pure over what the store read: a claim's parent must exist, following
/// parents from it must never lead back to the claim, and the chain may be at most
/// <see cref="Limits.MaxParentDepth"/> deep. <see cref="Links"/> are the would-be parent and its
/// ancestors, nearest first, as stored; the store stops reading at the claim itself, at a
/// parent that is not stored, or after <see cref="Limits.MaxParentDepth"/> + 1 links.
/// </summary>
public sealed record ParentChain(IReadOnlyList<ParentLink> Links)
{
    /// <summary>For a claim without a parent: nothing to read.</summary>
    public static ParentChain None { get; } = new([]);

    /// <summary>How many links a store needs to read to decide (one more than may be allowed).</summary>
    public const int MaxLinks = Limits.MaxParentDepth + 1;

    /// <summary>Throws an INVALID_ARGUMENT on the claim's parent unless <paramref name="claimId"/> may depend on <paramref name="parentId"/>.</summary>
    public void Check(string claimId, string? parentId)
    {
        var next = parentId;
        for (var depth = 0; next is not null; depth++)
        {
            if (next == claimId)
            {
                throw Refusals.Invalid(ClaimFields.Parent, $"'{ClaimName.Of(parentId!)}' depends on this claim; a claim cannot depend on itself");
            }

            if (depth >= Links.Count || Links[depth].Id != next)
            {
                throw Refusals.Invalid(ClaimFields.Parent, $"claim '{ClaimName.Of(next)}' does not exist");
            }

            if (depth == Limits.MaxParentDepth)
            {
                throw Refusals.Invalid(ClaimFields.Parent, $"chains of parents may be at most {Limits.MaxParentDepth} deep");
            }

            next = Links[depth].ParentId;
        }
    }
}
