using FactCheck.ServiceDefaults;
using FactCheck.Storage;
using FactCheck.Verification.Application;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Verification.Grpc;

/// <summary>factcheck.v1.AdminService on the verification service: a backup of its database. Admin role.</summary>
public sealed class AdminGrpcService(BackupCreator creator) : Api.AdminService.AdminServiceBase
{
    [Admin]
    public override async Task<Api.Backup> CreateBackup(Api.CreateBackupRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        DatabaseBackups.CheckId(request.BackupId, DatabaseBackups.IdField, violations);
        Refusals.ThrowIfAny(violations);
        var copy = await creator.CreateAsync(request.BackupId, context.CancellationToken);
        return new Api.Backup
        {
            Name = $"backups/{copy.Id}",
            Path = copy.Path,
            SizeBytes = copy.SizeBytes,
            CreateTime = Timestamp.FromDateTimeOffset(copy.CreateTime),
            DatabaseKind = copy.DatabaseKind == "postgresql" ? Api.DatabaseKind.Postgresql : Api.DatabaseKind.Sqlite,
            WebhookKeysPath = "",
        };
    }
}
