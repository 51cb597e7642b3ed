using System.Text.RegularExpressions;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Delivery;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The claims service's SQLite database put back to a copy older than the verification
/// service's, both services real processes: the verification service, running on without a
/// restart, delivers again what the claims service lost (its periodic reconcile pass), leaves a
/// claim changed after the restore by someone else alone, and reports the claim the claims
/// service no longer has, once per pass, while keeping its verdicts.
/// </summary>
public sealed partial class CrossServiceRestoreTests : IDisposable
{
    private const string Halfway = "confirmed by Washington; awaiting Baghdad";
    private const string Confirmed = "confirmed by Washington and Baghdad";

    /// <summary>An operator's key for the verification service's admin methods.</summary>
    private static readonly TestKey Operator = new("operator-key", "operator", FactCheck.Domain.Role.Admin);

    private readonly TempFolder _folder = new("factcheck-cross-restore-");

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"[ (]1 missing")]
    private static partial Regex PassWithOneMissing();

    [Fact]
    public async Task The_verification_service_redelivers_what_a_restored_claims_service_lost_and_reports_the_claim_it_lacks()
    {
        var claimsEnvironment = TestKeys.Environment(TestKeys.Claims);
        claimsEnvironment["ConnectionStrings__Claims"] = _folder.ClaimsDb;
        claimsEnvironment["Matching__Semantic"] = "false";
        var claimsPort = ServiceProcess.FreePort();
        var verificationEnvironment = VerificationEnvironment("sqlite", _folder.VerificationDb, $"http://127.0.0.1:{claimsPort}");
        foreach (var (name, value) in TestKeys.Environment([.. TestKeys.Verification, Operator]))
        {
            verificationEnvironment[name] = value;
        }

        verificationEnvironment["ClaimsService__ApiKey"] = TestKeys.Delivery.Key;
        // Short, so the test sees the periodic pass do the work without being asked.
        verificationEnvironment["Verification__ReconcileInterval"] = "00:00:02";
        var claims = await ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment, claimsPort);
        try
        {
            await using var verification = await ServiceProcess.StartAsync(VerificationAssembly, verificationEnvironment);
            var desk = new VerificationService.VerificationServiceClient(verification.Channel().WithKey(TestKeys.Desk.Key));
            foreach (var id in new[] { "agreement", "kept", "changed" })
            {
                await NewsroomClient(claims).CreateClaimAsync(new CreateClaimRequest { Claim = Agreement(), ClaimId = id }, deadline: Deadline);
                var first = await desk.RecordVerdictAsync(Confirm($"claims/{id}", "Washington"), deadline: Deadline);
                Assert.True(first.DeliveryState == DeliveryState.Applied, $"{first}\n{Outputs(claims, verification)}");
            }

            // The backup: a consistent copy taken beside the running service.
            var backup = _folder.File("claims-backup.db");
            await SqliteCopy.TakeAsync(_folder.ClaimsDb, backup);
            foreach (var id in new[] { "agreement", "changed" })
            {
                Assert.Equal(ClaimStatus.Confirmed, (await desk.RecordVerdictAsync(Confirm($"claims/{id}", "Baghdad"), deadline: Deadline)).Status);
            }

            await NewsroomClient(claims).CreateClaimAsync(new CreateClaimRequest { Claim = Agreement(), ClaimId = "late" }, deadline: Deadline);
            Assert.Equal(ClaimStatus.Pending, (await desk.RecordVerdictAsync(Confirm("claims/late", "Washington"), deadline: Deadline)).Status);
            Assert.Equal(ClaimStatus.Confirmed, (await desk.RecordVerdictAsync(Confirm("claims/late", "Baghdad"), deadline: Deadline)).Status);

            // The restore: the claims service stopped, its database replaced by the older copy.
            await claims.StopAsync();
            await claims.DisposeAsync();
            SqliteCopy.PutBack(backup, _folder.File("claims.db"));
            // A verifier changes a claim on the restored service before the verification service
            // can reach it (started on another port first): that later word must stand.
            DateTimeOffset disputedAt;
            await using (var maintenance = await ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment))
            {
                var direct = new ClaimsService.ClaimsServiceClient(maintenance.Channel().WithKey(TestKeys.Desk.Key));
                Assert.Equal(Halfway, (await direct.GetClaimAsync(new GetClaimRequest { Name = "claims/changed" }, deadline: Deadline)).StatusDetail);
                var disputed = await direct.UpdateClaimStatusAsync(new UpdateClaimStatusRequest
                {
                    Name = "claims/changed", Status = ClaimStatus.Disputed, StatusDetail = "disputed by the desk", Reason = "a new statement casts doubt on it",
                }, deadline: Deadline);
                disputedAt = disputed.UpdateTime.ToDateTimeOffset();
            }

            claims = await ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment, claimsPort);
            var reader = new ClaimsService.ClaimsServiceClient(claims.Channel().WithKey(TestKeys.Reader.Key));

            var agreement = await Eventually.Until(
                () => reader.GetClaimAsync(new GetClaimRequest { Name = "claims/agreement" }, deadline: Deadline).ResponseAsync,
                c => c.Status == ClaimStatus.Confirmed, "the agreement CONFIRMED again by the periodic reconcile pass",
                describe: c => $"{c.Status} \"{c.StatusDetail}\"\n{Outputs(claims, verification)}");

            Assert.Equal(Confirmed, agreement.StatusDetail);
            var redelivered = (await StatusChangesAsync(reader, "claims/agreement"))[^1];
            Assert.Equal((ClaimStatus.Pending, Reconciler.Reason, "verification-service"), (redelivered.PreviousStatus, redelivered.Reason, redelivered.Actor));
            var changed = await reader.GetClaimAsync(new GetClaimRequest { Name = "claims/changed" }, deadline: Deadline);
            Assert.Equal((ClaimStatus.Disputed, disputedAt), (changed.Status, changed.UpdateTime.ToDateTimeOffset()));
            Assert.Equal(Halfway, (await reader.GetClaimAsync(new GetClaimRequest { Name = "claims/kept" }, deadline: Deadline)).StatusDetail);

            // The operator's view: everything in step now but the claim the restored service lacks.
            var admin = new VerificationService.VerificationServiceClient(verification.Channel().WithKey(Operator.Key));
            var report = await admin.ReconcileClaimsAsync(new ReconcileClaimsRequest(), deadline: Deadline);
            Assert.True(report.Complete, $"{report}\n{Outputs(claims, verification)}");
            Assert.Equal((4, 3), (report.ClaimsChecked, report.ClaimsInStep));
            Assert.Empty(report.RedeliveredClaims);
            var missing = Assert.Single(report.MissingClaims);
            Assert.Equal(("claims/late", 2), (missing.Claim, missing.VerdictCount));
            Assert.Equal(ClaimStatus.Disputed, (await reader.GetClaimAsync(new GetClaimRequest { Name = "claims/changed" }, deadline: Deadline)).Status);
            Assert.Equal(2, (await desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = "claims/late" }, deadline: Deadline)).Verdicts.Count);

            // One warning per pass that found it, not one per verdict naming it (stopped first, so no pass is half logged).
            await verification.StopAsync();
            var output = verification.Output;
            var warnings = Regex.Count(output, "has no claim claims/late");
            Assert.True(warnings >= 2 && warnings == PassWithOneMissing().Count(output), $"{warnings} warnings about claims/late\n{output}");
        }
        finally
        {
            await claims.DisposeAsync();
        }
    }

    private static ClaimsService.ClaimsServiceClient NewsroomClient(ServiceProcess claims) =>
        new(claims.Channel().WithKey(TestKeys.Newsroom.Key));
}
