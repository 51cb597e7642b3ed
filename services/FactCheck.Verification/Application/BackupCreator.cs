using FactCheck.Storage;
using FactCheck.Verification.Storage;

namespace FactCheck.Verification.Application;

/// <summary>A backup of the verification service: its database (verdicts, their outbox, the claim snapshots).</summary>
public sealed class BackupCreator(IVerdictStore store, DatabaseBackups backups)
{
    /// <summary>Backs the database up as <paramref name="backupId"/>, which the edge has checked (<see cref="DatabaseBackups.CheckId"/>).</summary>
    public Task<BackupCopy> CreateAsync(string backupId, CancellationToken ct) => backups.CreateAsync(store, backupId, null, ct);
}
