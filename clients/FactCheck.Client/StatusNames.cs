using FactCheck.Contracts.V1;

namespace FactCheck.Client;

/// <summary>A status as both clients show it: its name in capitals ("PENDING"), "-" for none.</summary>
public static class StatusNames
{
    public static string Of(ClaimStatus status) =>
        status == ClaimStatus.Unspecified ? "-" : status.ToString().ToUpperInvariant();
}
