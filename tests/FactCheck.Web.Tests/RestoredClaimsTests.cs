using System.Net;
using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;

namespace FactCheck.Web.Tests;

/// <summary>
/// The live feed when the claims service behind it is restored from a backup (docs/operations.md):
/// the feed's watch had seen sequence numbers the restored service no longer has, and is refused
/// with OUT_OF_RANGE when it resumes. The feed starts again from the service's newest event and
/// ends the open streams, so pages reconnect and see the changes made after the restore.
/// </summary>
public sealed class RestoredClaimsTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-web-restored-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task After_a_restore_open_streams_end_and_a_reconnected_page_sees_the_changes_made_since()
    {
        var database = _folder.File("claims.db");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Claims"] = $"Data Source={database}",
            ["Matching__Semantic"] = "false",
        };
        var assembly = typeof(ClaimsGrpcService).Assembly.Location;
        await using var before = await ServiceProcess.StartAsync(assembly, environment);
        var claims = new ClaimsService.ClaimsServiceClient(before.Channel());
        var claim = await claims.CreateClaimAsync(SampleClaims.Create("agreement", claimId: "restored-agreement"), deadline: Deadline);
        var backup = await new AdminService.AdminServiceClient(before.Channel()).CreateBackupAsync(new CreateBackupRequest { BackupId = "web" }, deadline: Deadline);
        await claims.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = claim.Name, Status = ClaimStatus.Disputed, StatusDetail = "lost in the restore", Reason = "a test" }, deadline: Deadline);

        await using var web = WebApp.Start(new Dictionary<string, string?>
        {
            ["Web:ClaimsUrl"] = before.Address.ToString(),
            ["Web:VerificationUrl"] = "http://127.0.0.1:1",
            ["Web:ApiKey"] = "an-open-service-ignores-it",
        });
        using var http = web.Http();
        using var leave = new CancellationTokenSource(TestTimings.Patience);
        using var open = await http.GetAsync("/claims/restored-agreement/events", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        using var openReader = new StreamReader(await open.Content.ReadAsStreamAsync(leave.Token));
        Assert.Contains("lost in the restore", await NextDataAsync(openReader, leave.Token), StringComparison.Ordinal);

        // Restored as docs/operations.md says: the service stopped, the copy in place, no stale -wal or -shm; started on the same address.
        await before.StopAsync();
        File.Copy(backup.Path, database, overwrite: true);
        File.Delete(database + "-wal");
        File.Delete(database + "-shm");
        await using var after = await ServiceProcess.StartAsync(assembly, environment, before.Address.Port);

        // The open stream ends (the browser reconnects) rather than waiting for numbers the restored service reuses.
        Assert.Null(await NextDataAsync(openReader, leave.Token));

        using var reconnected = await http.GetAsync("/claims/restored-agreement/events", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        using var reader = new StreamReader(await reconnected.Content.ReadAsStreamAsync(leave.Token));
        Assert.DoesNotContain("lost in the restore", await NextDataAsync(reader, leave.Token), StringComparison.Ordinal);
        var restored = new ClaimsService.ClaimsServiceClient(after.Channel());
        await restored.UpdateClaimStatusAsync(new UpdateClaimStatusRequest { Name = claim.Name, Status = ClaimStatus.Refuted, StatusDetail = "refuted after the restore", Reason = "a test" }, deadline: Deadline);
        Assert.Contains("refuted after the restore", await NextDataAsync(reader, leave.Token), StringComparison.Ordinal);
    }

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(20);

    /// <summary>The next event's data line, or null when the stream ends.</summary>
    private static async Task<string?> NextDataAsync(StreamReader reader, CancellationToken cancel)
    {
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        return null;
    }
}
