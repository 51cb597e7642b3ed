using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using FactCheck.Client;
using FactCheck.Contracts.V1;
using FactCheck.Web.Live;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FactCheck.Web.Tests;

/// <summary>
/// The live feed on web apps of their own (so no other test's reader shares their watch or their
/// limits), on the front's real services.
/// </summary>
[Collection(WebFrontGroup.Name)]
public sealed class LiveReaderTests(WebFront front, Browser browser)
{
    [SkippableFact]
    public async Task A_forged_after_does_not_silence_the_feed_for_other_readers()
    {
        var claim = await CopyOfTheAgreementAsync("agreement-forged-after");
        await using var web = front.StartWeb(new Dictionary<string, string?>());
        using var http = web.Http();
        using var leave = new CancellationTokenSource(TestTimings.Patience);
        // The first reader, while nobody else watches: its number must not decide where the shared watch starts.
        using var forged = await http.GetAsync($"{ClaimPath(claim)}/events?after=999999999999", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        using var forgedReader = new StreamReader(await forged.Content.ReadAsStreamAsync(leave.Token));
        await FirstDataAsync(forgedReader, leave.Token);

        await using var browserPage = await browser.OpenAsync(web.BaseAddress, ClaimPath(claim));
        var page = browserPage.Page;
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("PENDING");
        await ConfirmAsync(claim);
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("CONFIRMED");
        browserPage.AssertNoErrors();
    }

    [Fact]
    public async Task Live_readers_beyond_the_limit_are_refused_with_a_503_while_the_first_stays_open()
    {
        var claim = await CopyOfTheAgreementAsync("agreement-reader-limit");
        await using var web = front.StartWeb(new Dictionary<string, string?> { ["Web:MaxLiveReaders"] = "1" });
        using var http = web.Http();
        await AssertSecondRefusedWhileFirstStaysOpenAsync(web, http, http, claim);
    }

    [Fact]
    public async Task One_address_beyond_its_own_limit_is_refused_while_another_address_is_served()
    {
        var claim = await CopyOfTheAgreementAsync("agreement-client-limit");
        await using var web = front.StartWeb(new Dictionary<string, string?> { ["Web:MaxLiveReadersPerClient"] = "1" });
        using var http = web.Http();
        using var second = web.Http();
        await AssertSecondRefusedWhileFirstStaysOpenAsync(web, http, second, claim);

        // Another address (127.0.0.2, loopback too) still gets its stream.
        using var other = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = web.BaseAddress };
        using var leave = new CancellationTokenSource(TestTimings.Patience);
        using var served = await other.GetAsync($"{ClaimPath(claim)}/events", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_stream_ends_cleanly_after_its_lifetime_and_gives_its_slot_back()
    {
        await using var web = front.StartWeb(new Dictionary<string, string?> { ["Web:MaxLiveStreamLifetime"] = "00:00:01" });
        var live = (LiveClaims)web.Services.GetService(typeof(LiveClaims))!;
        using var http = web.Http();
        using var leave = new CancellationTokenSource(TestTimings.Patience);
        using var response = await http.GetAsync("/claims/agreement/events", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(leave.Token));
        await FirstDataAsync(reader, leave.Token);
        // The server ends the response (the reader never leaves): the rest of it is read to its end.
        Assert.DoesNotContain("data:", await reader.ReadToEndAsync(leave.Token), StringComparison.Ordinal);
        await Eventually.Until(() => Task.FromResult(live.Count), c => c == 0, "the ended stream to give its slot back");
    }

    [SkippableFact]
    public async Task A_hidden_tab_closes_its_stream_and_reopens_it_when_shown()
    {
        await using var web = front.StartWeb(new Dictionary<string, string?>());
        var live = (LiveClaims)web.Services.GetService(typeof(LiveClaims))!;
        await using var browserPage = await browser.OpenAsync(web.BaseAddress, "/claims/agreement");
        var page = browserPage.Page;
        await Eventually.Until(() => Task.FromResult(live.Count), c => c == 1, "the page to open its stream");

        await SetVisibilityAsync(page, "hidden");
        await Eventually.Until(() => Task.FromResult(live.Count), c => c == 0, "the hidden page to close its stream");
        await SetVisibilityAsync(page, "visible");
        await Eventually.Until(() => Task.FromResult(live.Count), c => c == 1, "the shown page to open its stream again");
        browserPage.AssertNoErrors();
    }

    [SkippableFact]
    public async Task A_claim_text_closing_the_script_element_stays_inside_the_claim_review()
    {
        const string injection = "</script><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">";
        var request = SampleClaims.Create("agreement", claimId: "agreement-script-text");
        request.Claim.Text += " " + injection;
        var claim = await front.Claims.CreateClaimAsync(request, deadline: DateTime.UtcNow.AddSeconds(20));
        await ConfirmAsync(claim);

        using (var http = front.Web.Http())
        {
            var html = await http.GetStringAsync(ClaimPath(claim));
            var script = html[html.IndexOf("<script type=\"application/ld+json\" id=\"claim-review\">", StringComparison.Ordinal)..];
            script = script[..(script.IndexOf("</script>", StringComparison.Ordinal) + "</script>".Length)];
            Assert.Contains("\\u003C/script", script, StringComparison.Ordinal);
            Assert.DoesNotContain("<meta", script, StringComparison.Ordinal);
        }

        await using var browserPage = await browser.OpenAsync(front.BaseAddress, ClaimPath(claim));
        var page = browserPage.Page;
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("CONFIRMED");
        await Expect(page.Locator("meta[http-equiv]")).ToHaveCountAsync(0);
        await Expect(page.Locator("h1")).ToHaveTextAsync(request.Claim.Text);
        using var review = JsonDocument.Parse(await page.Locator("#claim-review").TextContentAsync() ?? "");
        Assert.Equal(request.Claim.Text, review.RootElement.GetProperty("@graph")[0].GetProperty("claimReviewed").GetString());
        browserPage.AssertNoErrors();
    }

    private async Task AssertSecondRefusedWhileFirstStaysOpenAsync(WebApp web, HttpClient first, HttpClient second, Claim claim)
    {
        var live = (LiveClaims)web.Services.GetService(typeof(LiveClaims))!;
        using var leave = new CancellationTokenSource(TestTimings.Patience);
        using var open = await first.GetAsync($"{ClaimPath(claim)}/events", HttpCompletionOption.ResponseHeadersRead, leave.Token);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        using var reader = new StreamReader(await open.Content.ReadAsStreamAsync(leave.Token));
        Assert.Contains("\"status\":\"PENDING\"", await FirstDataAsync(reader, leave.Token), StringComparison.Ordinal);

        using (var refused = await second.GetAsync($"{ClaimPath(claim)}/events", HttpCompletionOption.ResponseHeadersRead, leave.Token))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        Assert.Equal(1, live.Count);
        // The first stream is still open and still follows the claim.
        await front.Desk.RecordVerdictAsync(SampleVerdicts.Verdict(claim.Name, "Washington", VerdictDecision.Confirm), deadline: DateTime.UtcNow.AddSeconds(20));
        Assert.Contains("confirmed by Washington; awaiting Baghdad", await FirstDataAsync(reader, leave.Token), StringComparison.Ordinal);
    }

    private async Task<Claim> CopyOfTheAgreementAsync(string id) =>
        await front.Claims.CreateClaimAsync(SampleClaims.Create("agreement", claimId: id), deadline: DateTime.UtcNow.AddSeconds(20));

    private async Task ConfirmAsync(Claim claim)
    {
        foreach (var party in new[] { "Washington", "Baghdad" })
        {
            await front.Desk.RecordVerdictAsync(SampleVerdicts.Verdict(claim.Name, party, VerdictDecision.Confirm), deadline: DateTime.UtcNow.AddSeconds(20));
        }
    }

    private static string ClaimPath(Claim claim) => "/claims/" + ClaimIds.Of(claim.Name);

    /// <summary>The next event's data line.</summary>
    private static async Task<string> FirstDataAsync(StreamReader reader, CancellationToken cancel)
    {
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line;
            }
        }

        throw new InvalidOperationException("the stream ended before an event");
    }

    private static async Task SetVisibilityAsync(IPage page, string state) =>
        await page.EvaluateAsync("state => { Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state }); document.dispatchEvent(new Event('visibilitychange')); }", state);
}
