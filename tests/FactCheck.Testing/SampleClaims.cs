using FactCheck.Cli.Import;
using FactCheck.Contracts.V1;

namespace FactCheck.Testing;

/// <summary>
/// The sample claims every demo and test is built on, read from <c>samples/claims.json</c> by
/// the console client's own import reader, so tests and the file can never drift apart.
/// </summary>
public static class SampleClaims
{
    private static readonly Lazy<IReadOnlyList<ImportEntry>> Entries = new(Load);

    public static string File => Repository.File("samples", "claims.json");

    /// <summary>Every sample claim's id, parents before the claims that depend on them.</summary>
    public static IReadOnlyList<string> Ids => Entries.Value.Select(e => e.Request.ClaimId).ToList();

    /// <summary>A fresh copy of the sample claim <paramref name="id"/> ("agreement", "final-withdrawal", ...), without its id.</summary>
    public static Claim Claim(string id) =>
        (Entries.Value.FirstOrDefault(e => e.Request.ClaimId == id) ?? throw new ArgumentException($"samples/claims.json has no claim '{id}'", nameof(id)))
        .Request.Claim.Clone();

    /// <summary>A CreateClaim request for the sample claim <paramref name="id"/>, under that id unless told otherwise.</summary>
    public static CreateClaimRequest Create(string id, string? claimId = null, string? parent = null)
    {
        var claim = Claim(id);
        if (parent is not null)
        {
            claim.Parent = parent;
        }

        return new CreateClaimRequest { Claim = claim, ClaimId = claimId ?? id };
    }

    private static IReadOnlyList<ImportEntry> Load()
    {
        var result = ImportFile.Parse(System.IO.File.ReadAllBytes(File));
        if (result.Problems.Count > 0)
        {
            throw new InvalidDataException($"{File}: {string.Join("; ", result.Problems)}");
        }

        return result.Entries;
    }
}
