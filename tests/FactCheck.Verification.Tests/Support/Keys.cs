namespace FactCheck.Verification.Tests.Support;

/// <summary>The API keys the test hosts are configured with, and the actor names they record.</summary>
public static class Keys
{
    /// <summary>Claims service: the newsroom creates and edits claims.</summary>
    public const string ClaimsEditor = "claims-editor-key";

    /// <summary>Claims service: the verification service's verifier key.</summary>
    public const string ClaimsVerifier = "claims-verifier-key";

    /// <summary>The actor the claims service records for <see cref="ClaimsVerifier"/>.</summary>
    public const string VerificationActor = "verification-service";

    /// <summary>Verification service: a fact-checking desk that records verdicts.</summary>
    public const string Desk = "desk-key";

    /// <summary>The recorder the verification service records for <see cref="Desk"/>.</summary>
    public const string DeskActor = "fact-desk";

    /// <summary>Verification service: read only.</summary>
    public const string Reader = "reader-key";
}
