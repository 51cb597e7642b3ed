namespace FactCheck.Verification.Domain;

/// <summary>
/// The claims service's table of allowed status changes (services/FactCheck.Claims/Domain/StatusTransitions.cs),
/// mirrored here because the two services share only the contract, not code. The verification
/// service consults it so it never derives a change the claims service would refuse; a test
/// compares the two tables cell by cell, so they cannot drift apart unnoticed.
/// </summary>
public static class StatusTransitions
{
    private static readonly Dictionary<ClaimStatus, ClaimStatus[]> Allowed = new()
    {
        //  from                     to
        [ClaimStatus.Unverified] = [ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Retracted, ClaimStatus.Overdue],
        [ClaimStatus.Pending] =    [ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Retracted, ClaimStatus.Overdue],
        [ClaimStatus.Confirmed] =  [ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Retracted],
        [ClaimStatus.Disputed] =   [ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Retracted],
        [ClaimStatus.Refuted] =    [ClaimStatus.Pending, ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Retracted],
        [ClaimStatus.Retracted] =  [],
        [ClaimStatus.Overdue] =    [ClaimStatus.Confirmed, ClaimStatus.Disputed, ClaimStatus.Refuted, ClaimStatus.Retracted, ClaimStatus.Overdue],
    };

    public static bool IsAllowed(ClaimStatus from, ClaimStatus to) => Allowed[from].Contains(to);
}
