namespace FactCheck.Domain;

/// <summary>
/// The one table of allowed status changes, enforced by the claims service and respected by
/// the verification service when it derives a status. A change to the same status is allowed where it
/// carries news (a new detail such as "confirmed by Washington; awaiting Baghdad").
/// RETRACTED is final; nothing returns to UNVERIFIED; only UNVERIFIED and PENDING claims
/// become OVERDUE; a confirmed claim can still be overturned by later evidence.
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
