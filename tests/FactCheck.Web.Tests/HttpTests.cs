using System.Net;
using FactCheck.Web.Live;

namespace FactCheck.Web.Tests;

/// <summary>The pages over plain HTTP: headers, error pages, refused writes, the event stream.</summary>
[Collection(WebFrontGroup.Name)]
public sealed class HttpTests(WebFront front)
{
    [Theory]
    [InlineData("/claims")]
    [InlineData("/claims/agreement")]
    [InlineData("/claims?q=Erbil&status=unverified")]
    [InlineData("/claims/no-such-claim")]
    [InlineData("/site.css")]
    [InlineData("/live.js")]
    public async Task Every_response_carries_the_content_security_policy_and_the_other_reader_headers(string path)
    {
        using var http = front.Web.Http();
        using var response = await http.GetAsync(path);
        Assert.Equal(
            "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Pages_load_nothing_from_elsewhere_and_nothing_inline()
    {
        using var http = front.Web.Http();
        foreach (var path in new[] { "/claims", "/claims/agreement", "/claims?similar=troops+leave+Iraq" })
        {
            var html = await http.GetStringAsync(path);
            Assert.Contains("<meta name=\"viewport\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=""/)(?![^>]*type=""application/ld\+json"")", html);
            Assert.DoesNotMatch(@"(src|href)=""(https?:)?//(?!example\.org)", html.Replace("<a href=", "<a data-link=", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("/claims/no-such-claim")]
    [InlineData("/claims/Not_A-Valid-Id")]
    [InlineData("/claims/no-such-claim/events")]
    [InlineData("/nowhere")]
    [InlineData("/error/500")]
    public async Task Missing_claims_and_pages_are_404_pages(string path)
    {
        using var http = front.Web.Http();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Not found</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/claims?status=bogus", "'bogus' is not a status")]
    [InlineData("/claims?due=tomorrow", "'tomorrow' is not a due filter")]
    [InlineData("/claims?at=bm90LWEtdG9rZW4", "page_token")]
    public async Task A_bad_filter_in_the_address_is_a_400_page_saying_what_is_wrong(string path, string problem)
    {
        using var http = front.Web.Http();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Bad request</h1>", html, StringComparison.Ordinal);
        Assert.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(problem), html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/claims")]
    [InlineData("PUT", "/claims/agreement")]
    [InlineData("PATCH", "/claims/agreement")]
    [InlineData("DELETE", "/claims/agreement")]
    [InlineData("POST", "/claims/agreement/events")]
    [InlineData("POST", "/error/404")]
    public async Task Every_write_method_is_refused(string method, string path)
    {
        using var http = front.Web.Http();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("status=confirmed") };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order());
        // Nothing changed.
        var claim = await front.Claims.GetClaimAsync(new Contracts.V1.GetClaimRequest { Name = "claims/agreement" });
        Assert.Equal(Contracts.V1.ClaimStatus.Pending, claim.Status);
    }

    [Fact]
    public async Task The_list_pages_forward_and_back_with_its_filters()
    {
        const string tag = "paging-check";
        var count = FactCheck.Web.Pages.Claims.IndexModel.PageSize + 3;
        for (var i = 0; i < count; i++)
        {
            var claim = SampleClaims.Claim("troops-at-talks");
            claim.Text = $"Paging check {i}: the list shows its claims a page at a time.";
            claim.Tags.Clear();
            claim.Tags.Add(tag);
            await front.Claims.CreateClaimAsync(new Contracts.V1.CreateClaimRequest { Claim = claim, ClaimId = $"paging-check-{i}" }, deadline: DateTime.UtcNow.AddSeconds(20));
        }

        using var http = front.Web.Http();
        var first = await http.GetStringAsync($"/claims?tag={tag}");
        Assert.Equal(FactCheck.Web.Pages.Claims.IndexModel.PageSize, ClaimLinks(first).Count);
        Assert.Null(Link(first, "prev"));
        var next = Link(first, "next");
        Assert.NotNull(next);
        Assert.Contains($"tag={tag}", next, StringComparison.Ordinal);

        var second = await http.GetStringAsync(next);
        Assert.Equal(3, ClaimLinks(second).Count);
        Assert.Empty(ClaimLinks(first).Intersect(ClaimLinks(second)));
        Assert.Null(Link(second, "next"));
        var back = Link(second, "prev");
        Assert.Equal($"/claims?tag={tag}", back);
        Assert.Equal(ClaimLinks(first), ClaimLinks(await http.GetStringAsync(back)));
    }

    private static List<string> ClaimLinks(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, @"class=""claim-link"" href=""(?<href>[^""]+)""").Select(m => m.Groups["href"].Value).ToList();

    private static string? Link(string html, string rel) =>
        System.Text.RegularExpressions.Regex.Match(html, $@"<a rel=""{rel}"" href=""(?<href>[^""]+)""") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["href"].Value) : null;

    [Fact]
    public async Task The_event_stream_starts_with_the_claim_as_it_stands_and_ends_when_the_reader_leaves()
    {
        var live = front.Web.Services.GetService(typeof(LiveClaims)) as LiveClaims;
        Assert.NotNull(live);
        using var http = front.Web.Http();
        using (var leave = new CancellationTokenSource(TestTimings.Patience))
        {
            using var response = await http.GetAsync("/claims/agreement/events?after=0", HttpCompletionOption.ResponseHeadersRead, leave.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(leave.Token));
            Assert.Equal($"retry: {ClaimEventsEndpoint.RetryMilliseconds}", await reader.ReadLineAsync(leave.Token));
            Assert.Equal("", await reader.ReadLineAsync(leave.Token));
            Assert.Equal("event: status", await reader.ReadLineAsync(leave.Token));
            // The id is the sequence of the claim's last event: what the page compares with its own.
            Assert.Matches("^id: [1-9][0-9]*$", await reader.ReadLineAsync(leave.Token));
            var data = await reader.ReadLineAsync(leave.Token);
            Assert.StartsWith("data: {\"status\":\"PENDING\",\"detail\":", data, StringComparison.Ordinal);
            Assert.EndsWith("\"claimReview\":null}", data, StringComparison.Ordinal);
            Assert.True(live.Count >= 1);
        }

        // The reader left (the response was disposed): its subscription goes, and with the last one the watch.
        await Eventually.Until(() => Task.FromResult(live.Count), c => c == 0, "the subscription to end after the reader left");
    }
}
