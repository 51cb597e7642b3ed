using FactCheck.Claims.Application;
using FactCheck.ServiceDefaults;
using FactCheck.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Api = FactCheck.Contracts.V1;

namespace FactCheck.Claims.Grpc;

/// <summary>factcheck.v1.AdminService on the claims service: a backup of its database with the webhook key ring. Admin role.</summary>
public sealed class AdminGrpcService(BackupCreator creator) : Api.AdminService.AdminServiceBase
{
    [Admin]
    public override async Task<Api.Backup> CreateBackup(Api.CreateBackupRequest request, ServerCallContext context)
    {
        var backupId = creator.Check(request.BackupId);
        Refusals.ThrowIfAny(ClaimMapper.OnWire(backupId.Violations).ToList());
        return ToProto(await creator.CreateAsync(backupId, context.CancellationToken));
    }

    /// <summary>The backup as the contract shows it (the verification service's edge maps it the same way).</summary>
    internal static Api.Backup ToProto(BackupCopy copy) => new()
    {
        Name = $"backups/{copy.Id}",
        Path = copy.Path,
        SizeBytes = copy.SizeBytes,
        CreateTime = Timestamp.FromDateTimeOffset(copy.CreateTime),
        DatabaseKind = copy.DatabaseKind == "postgresql" ? Api.DatabaseKind.Postgresql : Api.DatabaseKind.Sqlite,
        LastEventSequence = copy.LastSequence,
        WebhookKeysPath = copy.WebhookKeysPath ?? "",
    };
}
