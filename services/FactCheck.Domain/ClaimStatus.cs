namespace FactCheck.Domain;

/// <summary>Where a claim stands. Mirrors factcheck.v1.ClaimStatus (same numbers) without its UNSPECIFIED value.</summary>
public enum ClaimStatus
{
    Unverified = 1,
    Pending = 2,
    Confirmed = 3,
    Disputed = 4,
    Refuted = 5,
    Retracted = 6,
    Overdue = 7,
}

public static class ClaimStatusNames
{
    /// <summary>The contract's name of a status ("CLAIM_STATUS_CONFIRMED"), for messages people read.</summary>
    public static string ContractName(this ClaimStatus status) => "CLAIM_STATUS_" + status.ToString().ToUpperInvariant();
}
