using ClaimsDomain = FactCheck.Claims.Domain;
using VerificationDomain = FactCheck.Verification.Domain;

namespace FactCheck.Verification.Tests.Domain;

/// <summary>
/// The verification service keeps a copy of the claims service's transition table (the two
/// services share only the contract). This compares the copy with the original cell by cell.
/// </summary>
public class TransitionTableTests
{
    [Fact]
    public void The_copy_matches_the_claims_service_table_in_every_cell()
    {
        var statuses = Enum.GetValues<ClaimsDomain.ClaimStatus>();
        Assert.Equal(statuses.Select(s => (int)s), Enum.GetValues<VerificationDomain.ClaimStatus>().Select(s => (int)s));

        var differences =
            from source in statuses
            from target in statuses
            let original = ClaimsDomain.StatusTransitions.IsAllowed(source, target)
            let copy = VerificationDomain.StatusTransitions.IsAllowed((VerificationDomain.ClaimStatus)(int)source, (VerificationDomain.ClaimStatus)(int)target)
            where original != copy
            select $"{source} -> {target}: claims service {(original ? "allows" : "refuses")}, copy {(copy ? "allows" : "refuses")}";

        Assert.Empty(differences);
    }
}
