namespace FactCheck.Cli.Import;

/// <summary>Parents before the claims that depend on them, so each create finds its parent already there.</summary>
internal static class ImportOrder
{
    /// <summary>
    /// <paramref name="drafts"/> with every claim after its parent in the file, otherwise in file
    /// order; a chain of parents that loops back is a problem at each entry that closes it.
    /// Expects the parents in the file to be checked already (<see cref="ImportValidation"/>).
    /// </summary>
    public static List<ImportDraft> ParentsFirst(IReadOnlyList<ImportDraft> drafts, ImportProblems problems)
    {
        var byId = drafts.Where(d => d.Id is not null).ToDictionary(d => d.Id!, StringComparer.Ordinal);
        var done = new HashSet<int>();
        var visiting = new HashSet<int>();
        var ordered = new List<ImportDraft>();

        void Visit(ImportDraft draft)
        {
            if (done.Contains(draft.Index))
            {
                return;
            }

            if (!visiting.Add(draft.Index))
            {
                problems.Add($"{draft.Path}.parent", "parent links form a cycle");
                return;
            }

            if (draft.ParentRef is { } parentRef && !ImportValidation.IsServiceName(parentRef))
            {
                Visit(byId[parentRef]);
            }

            ordered.Add(draft);
            visiting.Remove(draft.Index);
            done.Add(draft.Index);
        }

        foreach (var draft in drafts)
        {
            Visit(draft);
        }

        return ordered;
    }
}
