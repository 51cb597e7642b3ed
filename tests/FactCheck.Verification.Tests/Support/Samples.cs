using FactCheck.Contracts.V1;
using FactCheck.Testing;

namespace FactCheck.Verification.Tests.Support;

/// <summary>
/// The sample claims the verification tests use, from samples/claims.json (<see cref="SampleClaims"/>);
/// verdicts on them are <see cref="SampleVerdicts"/>.
/// </summary>
public static class Samples
{
    /// <summary>The agreement, pending go-ahead from Washington and Baghdad.</summary>
    public static Claim Agreement() => SampleClaims.Claim("agreement");

    /// <summary>Several hundred soldiers leave by the end of September 2025; its parent is the agreement, created first under its id ("agreement").</summary>
    public static Claim FirstWithdrawal() => SampleClaims.Claim("first-withdrawal");

    /// <summary>The last US personnel leave by the end of 2026; its parent is the agreement, created first under its id ("agreement").</summary>
    public static Claim FinalWithdrawal() => SampleClaims.Claim("final-withdrawal");

    /// <summary>Militia attacks, a lower bound; no required parties.</summary>
    public static Claim MilitiaAttacks() => SampleClaims.Claim("militia-attacks");

    public static async Task<Claim> CreateAsync(ClaimsService.ClaimsServiceClient claims, Claim claim) =>
        await claims.CreateClaimAsync(new CreateClaimRequest { Claim = claim });
}
