using System.Diagnostics.CodeAnalysis;

namespace FactCheck.Domain;

/// <summary>
/// A claim's resource name, "claims/{claim_id}" (AIP-122). The one place that knows the form:
/// both services read and write names through it, and so does the console client.
/// </summary>
public readonly record struct ClaimName(string Id)
{
    public const string Prefix = "claims/";

    /// <summary>What a valid claim id looks like, for messages people read.</summary>
    public const string IdRule = "1 to 63 lower-case letters, digits or '-', starting with a letter";

    /// <summary>1 to 63 lower-case letters, digits or '-', starting with a letter.</summary>
    public static bool IsValidId(string id) => Limits.ClaimIdPattern().IsMatch(id);

    /// <summary>Reads "claims/{id}"; false when <paramref name="name"/> is not a claim name.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out ClaimName? claimName)
    {
        var id = name is not null && name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : null;
        claimName = id is not null && IsValidId(id) ? new ClaimName(id) : null;
        return claimName is not null;
    }

    /// <summary>Reads a claim name, or a bare claim id as people type it ("agreement" or "claims/agreement").</summary>
    public static bool TryParseLenient(string? nameOrId, [NotNullWhen(true)] out ClaimName? claimName)
    {
        if (nameOrId is not null && !nameOrId.Contains('/', StringComparison.Ordinal) && IsValidId(nameOrId))
        {
            claimName = new ClaimName(nameOrId);
            return true;
        }

        return TryParse(nameOrId, out claimName);
    }

    /// <summary>The claim id in <paramref name="name"/>, or null when it is not a claim name.</summary>
    public static string? IdOf(string name) => TryParse(name, out var parsed) ? parsed.Value.Id : null;

    /// <summary>"claims/{id}" for a claim id.</summary>
    public static string Of(string claimId) => Prefix + claimId;

    /// <summary>A fresh claim id for a claim created without one: "c" and 32 hex digits, time-ordered.</summary>
    public static string NewId() => "c" + Guid.CreateVersion7().ToString("N");

    public override string ToString() => Prefix + Id;
}
