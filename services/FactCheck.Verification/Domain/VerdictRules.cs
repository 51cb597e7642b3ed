namespace FactCheck.Verification.Domain;

/// <summary>
/// What a valid verdict looks like. The limits are <see cref="Limits"/>' and the evidence rules
/// <see cref="ClaimValidation"/>'s, shared with the claims service, which receives the evidence;
/// what is the verdict's own is here: a party is required, and so is evidence that says something.
/// </summary>
public static class VerdictRules
{
    /// <summary>Checks a verdict's fields; <paramref name="prefix"/> is its path in the request ("verdict").</summary>
    public static void Check(VerdictContent verdict, string prefix, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(verdict.Party))
        {
            violations.Add(new($"{prefix}.party", "is required: who gives the verdict, for example \"Washington\""));
        }
        else
        {
            ClaimValidation.CheckLength(verdict.Party, Limits.MaxParty, $"{prefix}.party", violations);
        }

        ClaimValidation.CheckLength(verdict.Official, Limits.MaxOfficial, $"{prefix}.official", violations);
        ClaimValidation.CheckLength(verdict.Note, Limits.MaxNote, $"{prefix}.note", violations);

        if (verdict.Evidence.Count == 0)
        {
            violations.Add(new($"{prefix}.evidence", "at least one item is required: the statement or document the verdict rests on"));
        }
        else
        {
            ClaimValidation.CheckEvidence(verdict.Evidence, $"{prefix}.evidence", violations, urlOrQuoteRequired: true);
        }
    }
}
