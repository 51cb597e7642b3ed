namespace FactCheck.Verification.Domain;

/// <summary>
/// What a valid verdict looks like. The limits are the service's <see cref="LimitSettings"/>, the
/// characters <see cref="Characters"/>' and the evidence rules
/// <see cref="ClaimValidation"/>'s, shared with the claims service, which receives the evidence;
/// what is the verdict's own is here: a party is required, and so is evidence that says something.
/// </summary>
public static class VerdictRules
{
    /// <summary>Checks a verdict's fields; <paramref name="prefix"/> is its path in the request ("verdict").</summary>
    public static void Check(VerdictContent verdict, string prefix, LimitSettings limits, List<FieldViolation> violations)
    {
        var max = limits;
        if (string.IsNullOrWhiteSpace(verdict.Party))
        {
            violations.Add(new($"{prefix}.party", "is required: who gives the verdict, for example \"Washington\""));
        }
        else
        {
            // A key: it is matched against the claim's required parties.
            ClaimValidation.CheckText(verdict.Party, max.MaxParty, TextKind.Key, $"{prefix}.party", violations);
        }

        ClaimValidation.CheckText(verdict.Official, max.MaxOfficial, TextKind.Line, $"{prefix}.official", violations);
        ClaimValidation.CheckText(verdict.Note, max.MaxNote, TextKind.Prose, $"{prefix}.note", violations);

        if (verdict.Evidence.Count == 0)
        {
            violations.Add(new($"{prefix}.evidence", "at least one item is required: the statement or document the verdict rests on"));
        }
        else
        {
            ClaimValidation.CheckEvidence(verdict.Evidence, $"{prefix}.evidence", max, violations, urlOrQuoteRequired: true);
        }
    }
}
