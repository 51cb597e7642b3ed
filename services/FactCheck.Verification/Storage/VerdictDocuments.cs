
namespace FactCheck.Verification.Storage;

/// <summary>Ids the verification store hands out.</summary>
public static class VerdictDocuments
{
    /// <summary>A fresh verdict id: "v" and 32 hex digits, time-ordered.</summary>
    public static string NewVerdictId() => "v" + Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// A fresh outbox id. It becomes the claims service's request_id, so it must be unique
    /// across databases too: a recreated database must never repeat an id the claims service has seen.
    /// </summary>
    public static string NewOutboxId() => "verification-" + Guid.CreateVersion7().ToString("D");
}
