using System.Collections.Concurrent;
using FactCheck.Claims.Grpc;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using FactCheck.Verification.Grpc;
using Grpc.Core;

namespace FactCheck.EndToEnd.Tests;

/// <summary>
/// What the end-to-end tests with the verification service share: how its processes are
/// configured, the sample agreement and its verdicts, and a watch that collects events.
/// </summary>
internal static class VerificationScenario
{
    public static string ClaimsAssembly => typeof(ClaimsGrpcService).Assembly.Location;

    public static string VerificationAssembly => typeof(VerificationGrpcService).Assembly.Location;

    /// <summary>The agreement's status changes as the claims service must record them, in this order.</summary>
    public static readonly (ClaimStatus From, ClaimStatus To, string Detail)[] AgreementConfirmedInOrder =
    [
        (ClaimStatus.Pending, ClaimStatus.Pending, "confirmed by Washington; awaiting Baghdad"),
        (ClaimStatus.Pending, ClaimStatus.Confirmed, "confirmed by Washington and Baghdad"),
    ];

    /// <summary>
    /// A verification service's environment: its own database and the claims addresses, with the
    /// test timings, so that outages resolve within a test (production keeps the defaults).
    /// </summary>
    public static Dictionary<string, string> VerificationEnvironment(string provider, string connectionString, string claimsUrl)
    {
        var environment = TestTimings.VerificationEnvironment();
        environment["Storage__Provider"] = provider;
        environment["ConnectionStrings__Verification"] = connectionString;
        environment["ClaimsService__Url"] = claimsUrl;
        return environment;
    }

    /// <summary>Fact 1 of the sample report: the agreement, pending go-ahead from Washington and Baghdad.</summary>
    public static Claim Agreement() => SampleClaims.Claim("agreement");

    /// <summary>A party's confirmation of <paramref name="claim"/>, with a statement as evidence.</summary>
    public static RecordVerdictRequest Confirm(string claim, string party) => SampleVerdicts.Verdict(claim, party, VerdictDecision.Confirm);

    public static DateTime Deadline => DateTime.UtcNow.AddSeconds(20);

    /// <summary>The status changes in a claim's history, oldest first.</summary>
    public static Task<List<ClaimEvent>> StatusChangesAsync(ClaimsService.ClaimsServiceClient claims, string name) =>
        SampleVerdicts.StatusChangesAsync(claims, name, Deadline);

    /// <summary>
    /// Records Washington's and then Baghdad's confirmation of <paramref name="claim"/> and asserts
    /// that each was applied at once and the claims service recorded <see cref="AgreementConfirmedInOrder"/>.
    /// </summary>
    public static async Task ConfirmAgreementAndAssertAppliedAsync(
        VerificationService.VerificationServiceClient desk, ClaimsService.ClaimsServiceClient claims, string claim, params ServiceProcess[] processes)
    {
        var washington = await desk.RecordVerdictAsync(Confirm(claim, "Washington"), deadline: Deadline);
        var baghdad = await desk.RecordVerdictAsync(Confirm(claim, "Baghdad"), deadline: Deadline);

        Xunit.Assert.True(washington.DeliveryState == DeliveryState.Applied, $"{washington}\n{Outputs(processes)}");
        Xunit.Assert.Equal((DeliveryState.Applied, ClaimStatus.Confirmed), (baghdad.DeliveryState, baghdad.Status));
        var history = await StatusChangesAsync(claims, claim);
        Xunit.Assert.Equal(AgreementConfirmedInOrder, history.Select(e => (e.PreviousStatus, e.Claim.Status, e.Claim.StatusDetail)));
    }

    /// <summary>Fails with both processes' output, which is where the reason for a delivery failure is.</summary>
    public static string Outputs(params ServiceProcess[] processes) =>
        string.Join("\n", processes.Select((p, i) => $"--- process {i} ---\n{p.Output}"));
}

/// <summary>A WatchClaims stream read in the background into a list.</summary>
internal sealed class CollectedWatch : IAsyncDisposable
{
    private readonly AsyncServerStreamingCall<ClaimEvent> _call;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ClaimEvent> _events = new();
    private readonly Task _reading;

    public CollectedWatch(ClaimsService.ClaimsServiceClient client, long afterSequence = 0)
    {
        _call = client.WatchClaims(new WatchClaimsRequest { AfterSequence = afterSequence }, cancellationToken: _stop.Token);
        _reading = Task.Run(async () =>
        {
            while (await _call.ResponseStream.MoveNext(_stop.Token))
            {
                _events.Enqueue(_call.ResponseStream.Current);
            }
        });
    }

    public IReadOnlyList<ClaimEvent> Events => [.. _events];

    /// <summary>Waits until the watch has delivered events matching <paramref name="done"/>; the stream failing ends the wait with its error.</summary>
    public async Task<IReadOnlyList<ClaimEvent>> UntilAsync(Func<IReadOnlyList<ClaimEvent>, bool> done, string what) =>
        await Eventually.Until(async () =>
        {
            if (_reading.IsFaulted)
            {
                await _reading;
            }

            return Events;
        }, done, what, describe: events => string.Join("; ", events.Select(e => $"{e.Sequence} {e.Type} {e.PreviousStatus}->{e.Claim.Status} \"{e.Claim.StatusDetail}\"")));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reading;
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // The watch was cancelled by this dispose, which is how it ends.
        }

        _call.Dispose();
        _stop.Dispose();
    }
}
