using FactCheck.Claims.Storage;
using FactCheck.Claims.Webhooks;
using FactCheck.Storage;

namespace FactCheck.Claims.Application;

/// <summary>
/// A backup of the claims service: its database, and beside it the webhook key ring, without
/// which the sealed signing secrets in the copy could never be unsealed again.
/// </summary>
public sealed class BackupCreator(ClaimStore store, DatabaseBackups backups, WebhookKeyRing keyRing)
{
    public const string IdField = "backupId";

    public Validated<string> Check(string backupId)
    {
        var violations = new List<FieldViolation>();
        DatabaseBackups.CheckId(backupId, IdField, violations);
        return new(backupId, violations);
    }

    public Task<BackupCopy> CreateAsync(Validated<string> backupId, CancellationToken ct) =>
        backups.CreateAsync(store, backupId.Valid, keyRing.Directory, ct);
}
