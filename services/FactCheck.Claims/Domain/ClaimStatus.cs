namespace FactCheck.Claims.Domain;

/// <summary>Where a claim stands. Mirrors factcheck.v1.ClaimStatus without its UNSPECIFIED value.</summary>
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

/// <summary>Kind of change an event records.</summary>
public enum ClaimEventType
{
    Created = 1,
    Updated = 2,
    StatusChanged = 3,
}
