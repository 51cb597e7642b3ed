using FactCheck.Contracts.V1;
using FactCheck.Testing;
using static FactCheck.EndToEnd.Tests.VerificationScenario;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// The scale-out deployment as real processes on one PostgreSQL cluster: two claims-service
/// replicas sharing the claims database, and a verification service on its own database that
/// knows both replicas' addresses. Nothing may be lost or applied twice when a replica stops or
/// the verification service crashes.
/// </summary>
[Collection(PostgresGroup.Name)]
public sealed class ReplicasWithVerificationTests(PostgresFixture postgres)
{
    [SkippableFact]
    public async Task Verdicts_reach_the_other_replica_while_one_is_stopped_and_a_watch_there_sees_each_change_once_in_order()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var claimsEnvironment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Claims"] = await cluster.CreateDatabaseAsync("claims"),
        };
        var replicas = await Task.WhenAll(ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment), ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment));
        await using var a = replicas[0];
        await using var b = replicas[1];
        // Replica A first: the verification service uses it until it stops answering.
        await using var verification = await ServiceProcess.StartAsync(VerificationAssembly, VerificationEnvironment(
            "postgres", await cluster.CreateDatabaseAsync("verification"), $"{a.Address.ToString().TrimEnd('/')};{b.Address.ToString().TrimEnd('/')}"));
        var claimsA = new ClaimsService.ClaimsServiceClient(a.Channel());
        var claimsB = new ClaimsService.ClaimsServiceClient(b.Channel());
        var desk = new VerificationService.VerificationServiceClient(verification.Channel());

        var agreement = await claimsA.CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline);
        await using var watchOnB = new CollectedWatch(claimsB);

        var washington = await desk.RecordVerdictAsync(Confirm(agreement.Name, "Washington"), deadline: Deadline);
        Assert.True(washington.DeliveryState == DeliveryState.Applied, $"Washington's verdict is {washington.DeliveryState}\n{Outputs(a, b, verification)}");
        Assert.Equal((ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"), (washington.Status, washington.StatusDetail));

        await a.StopAsync();
        var baghdad = await desk.RecordVerdictAsync(Confirm(agreement.Name, "Baghdad"), deadline: Deadline);
        // Normally applied at once through B; if the failover took longer than the immediate
        // budget it is queued, and the dispatcher must then deliver it through B.
        Assert.NotEqual(DeliveryState.Rejected, baghdad.DeliveryState);
        var verdicts = await Eventually.Until(
            () => desk.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreement.Name }, deadline: Deadline).ResponseAsync,
            r => r.Verdicts.Count == 2 && r.Verdicts.All(v => v.DeliveryState == DeliveryState.Applied),
            "both verdicts to be applied", describe: r => $"{r}\n{Outputs(b, verification)}");
        Assert.Equal([washington.Verdict.Name, baghdad.Verdict.Name], verdicts.Verdicts.Select(v => v.Name));

        var watched = await watchOnB.UntilAsync(
            events => events.Count(e => e.Type == ClaimEventType.StatusChanged) >= 2, "the watch on B to see both status changes");
        var agreementEvents = watched.Where(e => e.Claim.Name == agreement.Name).ToList();
        Assert.Equal(ClaimEventType.Created, agreementEvents[0].Type);
        Assert.Equal(AgreementConfirmedInOrder,
            agreementEvents.Where(e => e.Type == ClaimEventType.StatusChanged).Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
        Assert.Equal(Enumerable.Range(1, watched.Count).Select(i => (long)i), watched.Select(e => e.Sequence));

        var history = await StatusChangesAsync(claimsB, agreement.Name);
        Assert.Equal(AgreementConfirmedInOrder, history.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
        Assert.Equal(2, history.Select(e => e.RequestId).Distinct().Count());
        var summary = await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreement.Name }, deadline: Deadline);
        Assert.Equal((ClaimStatus.Confirmed, 0), (summary.ClaimStatus, summary.PendingDeliveries.Count));
    }

    [SkippableFact]
    public async Task Deliveries_queued_when_the_verification_service_is_killed_arrive_once_and_in_order_after_both_restart()
    {
        var cluster = await postgres.ClusterAsync();
        Skip.If(cluster is null, PostgresFixture.SkipReason);
        var claimsEnvironment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Claims"] = await cluster.CreateDatabaseAsync("claims"),
        };
        var verificationEnvironment = VerificationEnvironment("postgres", await cluster.CreateDatabaseAsync("verification"), "");
        var claimsPort = ServiceProcess.FreePort();
        verificationEnvironment["ClaimsService__Url"] = $"http://127.0.0.1:{claimsPort}";
        // Short budget: with the claims service down, each verdict is answered QUEUED after it.
        verificationEnvironment["Verification__ImmediateDeliveryBudget"] = "00:00:01";

        string agreementName;
        await using (var claims = await ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment, claimsPort))
        await using (var verification = await ServiceProcess.StartAsync(VerificationAssembly, verificationEnvironment))
        {
            var desk = new VerificationService.VerificationServiceClient(verification.Channel());
            agreementName = (await new ClaimsService.ClaimsServiceClient(claims.Channel()).CreateClaimAsync(new CreateClaimRequest { Claim = Agreement() }, deadline: Deadline)).Name;
            // Read once, so the summary and the recorder know the claim while its service is away.
            await desk.GetVerificationSummaryAsync(new GetVerificationSummaryRequest { Claim = agreementName }, deadline: Deadline);

            await claims.StopAsync();
            var washington = await desk.RecordVerdictAsync(Confirm(agreementName, "Washington"), deadline: Deadline);
            var baghdad = await desk.RecordVerdictAsync(Confirm(agreementName, "Baghdad"), deadline: Deadline);
            Assert.Equal([DeliveryState.Queued, DeliveryState.Queued], new[] { washington.DeliveryState, baghdad.DeliveryState });

            // A crash: no shutdown, no chance to finish anything; the dispatcher may be mid-attempt.
            await verification.KillAsync();
            Assert.True(verification.HasExited);
        }

        await using var claimsAgain = await ServiceProcess.StartAsync(ClaimsAssembly, claimsEnvironment, claimsPort);
        var claimsClient = new ClaimsService.ClaimsServiceClient(claimsAgain.Channel());
        await using var watch = new CollectedWatch(claimsClient);
        Assert.Empty(await StatusChangesAsync(claimsClient, agreementName));

        await using var verificationAgain = await ServiceProcess.StartAsync(VerificationAssembly, verificationEnvironment);
        var deskAgain = new VerificationService.VerificationServiceClient(verificationAgain.Channel());
        var verdicts = await Eventually.Until(
            () => deskAgain.ListVerdictsAsync(new ListVerdictsRequest { Claim = agreementName }, deadline: Deadline).ResponseAsync,
            r => r.Verdicts.Count == 2 && r.Verdicts.All(v => v.DeliveryState == DeliveryState.Applied),
            "both queued verdicts to be applied by the restarted service", describe: r => $"{r}\n{Outputs(claimsAgain, verificationAgain)}");
        Assert.Equal(["Washington", "Baghdad"], verdicts.Verdicts.Select(v => v.Party));

        var watched = await watch.UntilAsync(events => events.Count(e => e.Type == ClaimEventType.StatusChanged) >= 2, "the watch to see both status changes");
        Assert.Equal(AgreementConfirmedInOrder,
            watched.Where(e => e.Type == ClaimEventType.StatusChanged).Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
        var history = await StatusChangesAsync(claimsClient, agreementName);
        Assert.Equal(AgreementConfirmedInOrder, history.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
    }
}
