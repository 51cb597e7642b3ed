using System.Text.RegularExpressions;

namespace FactCheck.Domain;

/// <summary>Claim resource names, "claims/{claim_id}" (AIP-122), as both services read and write them.</summary>
public static partial class ClaimNames
{
    public const string Prefix = "claims/";

    [GeneratedRegex("^[a-z][a-z0-9-]{0,62}$")]
    private static partial Regex ClaimIdPattern();

    /// <summary>1 to 63 lower-case letters, digits or '-', starting with a letter.</summary>
    public static bool IsValidId(string id) => ClaimIdPattern().IsMatch(id);

    public static string Of(string claimId) => Prefix + claimId;

    /// <summary>The claim id in <paramref name="name"/>, or null when it is not a claim name.</summary>
    public static string? IdOf(string name)
    {
        var id = name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : null;
        return id is not null && IsValidId(id) ? id : null;
    }
}
