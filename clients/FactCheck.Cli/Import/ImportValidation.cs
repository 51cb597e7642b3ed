using FactCheck.Domain;

namespace FactCheck.Cli.Import;

/// <summary>
/// Checks what was read from a file: each claim with exactly the claims service's rules
/// (<see cref="ClaimValidation"/>, so a limit changed there is changed here), and the file as a
/// whole (ids used once, parents that name a claim of the file). Violations are reported at the
/// file's own paths ("claims[1].requiredParties[0]"), hence at their line and column.
/// </summary>
internal static class ImportValidation
{
    /// <summary>The domain's field keys where the import file names a field otherwise.</summary>
    private static readonly Dictionary<string, string> FileFieldNames = new(StringComparer.Ordinal)
    {
        [ClaimFields.DueTime] = "due",
        [ClaimFields.PublishedTime] = "published",
        [ClaimFields.ClaimId] = "id",
    };

    /// <summary>Adds every problem of <paramref name="drafts"/>; returns the parents that must already exist in the claims service.</summary>
    public static List<(string Path, string Parent)> Check(IReadOnlyList<ImportDraft> drafts, ImportProblems problems)
    {
        foreach (var draft in drafts)
        {
            CheckClaim(draft, problems);
        }

        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var draft in drafts.Where(d => d.Id is not null))
        {
            if (!ids.TryAdd(draft.Id!, draft.Index))
            {
                problems.Add($"{draft.Path}.id", $"'{draft.Id}' is already the id of claims[{ids[draft.Id!]}]");
            }
        }

        var external = new List<(string Path, string Parent)>();
        foreach (var draft in drafts.Where(d => d.ParentRef is not null))
        {
            var path = $"{draft.Path}.parent";
            var parentRef = draft.ParentRef!;
            if (IsServiceName(parentRef))
            {
                if (!problems.Covers(path))
                {
                    external.Add((path, parentRef));
                }
            }
            else if (parentRef == draft.Id)
            {
                problems.Add(path, "a claim cannot be its own parent");
            }
            else if (!ids.ContainsKey(parentRef))
            {
                problems.Add(path, $"'{parentRef}' is not the id of a claim in this file (to name a claim already in the service, write '{ClaimName.Of(parentRef)}')");
            }
        }

        return external;
    }

    /// <summary>A parent written as "claims/{id}" names a claim in the service; anything else, an id in the file.</summary>
    public static bool IsServiceName(string parentRef) => parentRef.StartsWith(ClaimName.Prefix, StringComparison.Ordinal);

    private static void CheckClaim(ImportDraft draft, ImportProblems problems)
    {
        var violations = new List<FieldViolation>();
        if (draft.Id is { Length: 0 })
        {
            // The service reads an empty claim_id as "choose one for me"; in a file, an empty id is more likely a slip.
            violations.Add(new(ClaimFields.ClaimId, "is empty: give an id, or leave the field out to have one derived from the claim"));
        }
        else if (draft.Id is not null)
        {
            ClaimValidation.CheckClaimId(draft.Id, ClaimFields.ClaimId, violations);
        }

        // A parent in the service is checked by the service's rule for parents; one in the file
        // must be the id of another entry, checked against the file's ids.
        var content = draft.ParentRef is { } parentRef && IsServiceName(parentRef)
            ? draft.Content with { ParentId = parentRef[ClaimName.Prefix.Length..] }
            : draft.Content;
        ClaimValidation.CheckContent(content, LimitSettings.Default, violations);

        foreach (var violation in violations)
        {
            var path = FieldKeys.Render(violation.Field, draft.Path, FileName);
            if (!problems.Covers(path))
            {
                problems.Add(path, violation.Description);
            }
        }
    }

    /// <summary>A domain field key's name in the file: "dueTime" → "due"; most are the same.</summary>
    private static string FileName(string key) => FileFieldNames.GetValueOrDefault(key, key);
}
