using FactCheck.Claims.Tests.BadInput;
using FactCheck.Contracts.V1;
using FactCheck.Testing;
using Google.Rpc;
using FactCheck.ServiceDefaults;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FactCheck.Claims.Tests.Grpc;

/// <summary>
/// Limits:MaxWatchersPerCaller and Limits:MaxConcurrentCallsPerCaller: a caller past one is
/// refused with RESOURCE_EXHAUSTED naming the limit, a slot given back is taken again, and
/// another caller (another key) is not affected.
/// </summary>
public sealed class CallerLimitsTests : IDisposable
{
    private readonly TempFolder _folder = new("factcheck-caller-limits-");

    public void Dispose() => _folder.Dispose();

    private ClaimsHost Host(int calls, int watchers) => new(_folder, secured: true, new Dictionary<string, string?>
    {
        ["Limits:MaxConcurrentCallsPerCaller"] = calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Limits:MaxWatchersPerCaller"] = watchers.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    [Fact]
    public async Task The_watcher_past_the_limit_is_refused_a_freed_slot_is_taken_again_and_another_caller_is_unaffected()
    {
        using var server = Host(calls: 10, watchers: 2);
        var newsroom = server.Client(TestKeys.Newsroom);
        await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = ValidRequests.Claim() });
        using var first = await OpenWatchAsync(newsroom);
        using var second = await OpenWatchAsync(newsroom);

        using var third = newsroom.WatchClaims(new WatchClaimsRequest());
        var error = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => third.ResponseStream.MoveNext(CancellationToken.None));
        using var otherCaller = await OpenWatchAsync(server.Client(TestKeys.Reader));

        AssertNamesLimit(error, "TOO_MANY_WATCHERS", "Limits:MaxWatchersPerCaller", "2", "key newsroom");
        // Unary calls are not watchers: the same caller still reads and writes.
        await newsroom.GetClaimAsync(new GetClaimRequest { Name = (await newsroom.ListClaimsAsync(new ListClaimsRequest())).Claims[0].Name });

        // The first watcher leaves; once the server has seen it go, its slot is free again.
        first.Dispose();
        var reopened = await Eventually.Until(
            async () =>
            {
                var call = newsroom.WatchClaims(new WatchClaimsRequest());
                try
                {
                    await TakeOneAsync(call);
                    return call;
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    call.Dispose();
                    return null;
                }
            },
            call => call is not null,
            "the cancelled watcher's slot to be free again");
        reopened!.Dispose();
    }

    [Fact]
    public async Task A_call_past_the_concurrent_call_limit_is_refused_naming_the_limit()
    {
        using var server = Host(calls: 2, watchers: 2);
        var newsroom = server.Client(TestKeys.Newsroom);
        var created = await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = ValidRequests.Claim() });
        using var first = await OpenWatchAsync(newsroom);
        using var second = await OpenWatchAsync(newsroom);

        var error = await RpcAssert.FailsWith(StatusCode.ResourceExhausted, () => newsroom.GetClaimAsync(new GetClaimRequest { Name = created.Name }).ResponseAsync);
        var other = await server.Client(TestKeys.Reader).GetClaimAsync(new GetClaimRequest { Name = created.Name });

        AssertNamesLimit(error, "TOO_MANY_CALLS", "Limits:MaxConcurrentCallsPerCaller", "2", "key newsroom");
        Assert.Equal(created.Name, other.Name);
    }

    [Fact]
    public async Task Cancelled_and_finished_calls_give_their_slots_back()
    {
        using var server = Host(calls: 3, watchers: 3);
        var newsroom = server.Client(TestKeys.Newsroom);
        var created = await newsroom.CreateClaimAsync(new CreateClaimRequest { Claim = ValidRequests.Claim() });

        // Many more calls than the limit, one after another: every slot came back.
        for (var i = 0; i < 20; i++)
        {
            using var watch = await OpenWatchAsync(newsroom);
            await newsroom.GetClaimAsync(new GetClaimRequest { Name = created.Name });
        }

        var slots = server.Services.GetRequiredService<CallerSlots>();
        await Eventually.Until(() => Task.FromResult(slots.Callers), n => n == 0, "every caller's slots to be given back");
    }

    [Fact]
    public void Kestrel_limits_are_stated_and_Kestrel_settings_override_them()
    {
        using var stated = ClaimsHost.Open();
        using var overridden = ClaimsHost.Open(new Dictionary<string, string?>
        {
            ["Kestrel:Limits:Http2:MaxStreamsPerConnection"] = "50",
            ["Kestrel:Limits:Http2:KeepAlivePingDelay"] = "00:00:10",
        });

        var limits = Limits(stated);
        var changed = Limits(overridden);

        Assert.Equal((100, 16 * 1024, 32 * 1024), (limits.Http2.MaxStreamsPerConnection, limits.Http2.MaxRequestHeaderFieldSize, limits.MaxRequestHeadersTotalSize));
        Assert.Equal((TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20)), (limits.Http2.KeepAlivePingDelay, limits.Http2.KeepAlivePingTimeout));
        Assert.Equal((50, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20)), (changed.Http2.MaxStreamsPerConnection, changed.Http2.KeepAlivePingDelay, changed.Http2.KeepAlivePingTimeout));
    }

    private static KestrelServerLimits Limits(ClaimsHost host) => host.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

    private static async Task<AsyncServerStreamingCall<ClaimEvent>> OpenWatchAsync(ClaimsService.ClaimsServiceClient client)
    {
        var call = client.WatchClaims(new WatchClaimsRequest());
        await TakeOneAsync(call);
        return call;
    }

    /// <summary>Reads the first event, which shows the server is running the watch (and holds its slot).</summary>
    private static async Task TakeOneAsync(AsyncServerStreamingCall<ClaimEvent> call)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.True(await call.ResponseStream.MoveNext(timeout.Token), "the watch ended before its first event");
    }

    private static void AssertNamesLimit(RpcException error, string reason, string setting, string limit, string caller)
    {
        var info = RpcAssert.Info(error);
        var quota = error.GetRpcStatus()?.GetDetail<QuotaFailure>() ?? throw new Xunit.Sdk.XunitException("error carries no google.rpc.QuotaFailure");
        Assert.Equal(("claims.factcheck.v1", reason, setting, limit), (info.Domain, info.Reason, info.Metadata["setting"], info.Metadata["limit"]));
        var violation = Assert.Single(quota.Violations);
        Assert.Equal(caller, violation.Subject);
        Assert.Contains(setting, violation.Description, StringComparison.Ordinal);
        Assert.Contains(setting, error.Status.Detail, StringComparison.Ordinal);
    }
}
