using FactCheck.Verification.Domain;

namespace FactCheck.Verification.ClaimsClient;

/// <summary>
/// The claims service gave no answer about the claim: it could not be reached, refused this
/// service's key, or the call ran out of time or retries. Whatever asked may try again later.
/// </summary>
/// <param name="Error">What went wrong, for the log and the queued row ("Unavailable: ...").</param>
/// <param name="Cause">The same in a few words, for a caller's refusal ("gRPC status Unavailable", "no answer in time").</param>
public sealed record NoAnswer(string Error, string Cause);

/// <summary>What reading one claim came to.</summary>
public abstract record ClaimLookup
{
    private ClaimLookup()
    {
    }

    /// <summary>The claim as the claims service has it now.</summary>
    public sealed record Found(ClaimSnapshot Claim) : ClaimLookup;

    /// <summary>The claims service has no such claim.</summary>
    public sealed record Missing : ClaimLookup;

    public sealed record Unanswered(NoAnswer Why) : ClaimLookup;
}

/// <summary>What asking for one page of waiting claims past their due time came to.</summary>
public abstract record DueClaimsLookup
{
    private DueClaimsLookup()
    {
    }

    /// <summary>One page of them, and the token of the next page (empty after the last).</summary>
    public sealed record Listed(IReadOnlyList<ClaimSnapshot> Claims, string NextPageToken) : DueClaimsLookup;

    public sealed record Unanswered(NoAnswer Why) : DueClaimsLookup;
}

/// <summary>What sending a status change came to.</summary>
public abstract record StatusChangeOutcome
{
    private StatusChangeOutcome()
    {
    }

    /// <summary>Applied now; the claim as it is after the change.</summary>
    public sealed record Applied(ClaimSnapshot Claim) : StatusChangeOutcome;

    /// <summary>Someone else changed the claim since it was read (stale etag): read it again and derive again.</summary>
    public sealed record Conflict(string Detail) : StatusChangeOutcome;

    /// <summary>
    /// The request id was used before for another request: this change was applied earlier, and
    /// the claim has moved on since.
    /// </summary>
    public sealed record AppliedEarlier(string Detail) : StatusChangeOutcome;

    /// <summary>The claims service refused the change (no such claim, transition not allowed, invalid), with its reason.</summary>
    public sealed record Rejected(string Reason) : StatusChangeOutcome;

    public sealed record Unanswered(NoAnswer Why) : StatusChangeOutcome;
}
