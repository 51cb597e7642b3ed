using System.Text.Json;
using FactCheck.Client;
using FactCheck.Contracts.V1;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FactCheck.Web.Tests;

/// <summary>The claim pages in headless Chromium, as a reader uses them.</summary>
[Collection(WebFrontGroup.Name)]
public sealed class BrowserTests(WebFront front, Browser browser)
{
    [SkippableFact]
    public async Task The_agreement_page_shows_pending_and_who_is_awaited()
    {
        await using var browserPage = await browser.OpenAsync(front.BaseAddress, "/claims/agreement");
        var page = browserPage.Page;

        await Expect(page.Locator("h1")).ToHaveTextAsync(SampleClaims.Claim("agreement").Text);
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("PENDING");
        await Expect(page.Locator("section[aria-labelledby=parties-heading]")).ToContainTextAsync("Awaiting Washington and Baghdad");
        await Expect(page.Locator("section[aria-labelledby=parties-heading] .parties li")).ToHaveTextAsync(["Washington: awaited", "Baghdad: awaited"]);
        // No verdict yet: no ClaimReview.
        await Expect(page.Locator("script[type='application/ld+json']")).ToHaveCountAsync(0);
        // Its source, and the claims that depend on it.
        await Expect(page.Locator(".sources a[href='https://example.org/news/us-iraq-withdrawal-agreement']")).ToBeVisibleAsync();
        await Expect(page.Locator("section[aria-labelledby=related-heading] a[href='/claims/final-withdrawal']")).ToBeVisibleAsync();
        await Expect(page.Locator(".timeline li")).ToHaveCountAsync(1);
        // Up to date as served: no notice that it is not.
        await Expect(page.Locator("#stale")).ToBeHiddenAsync();
        browserPage.AssertNoErrors();
    }

    [SkippableFact]
    public async Task The_open_page_turns_confirmed_without_a_reload_and_carries_a_valid_claim_review()
    {
        // A copy of the agreement of this test's own, so the sample agreement stays pending for the others.
        var claim = await front.Claims.CreateClaimAsync(SampleClaims.Create("agreement", claimId: "agreement-live"), deadline: DateTime.UtcNow.AddSeconds(20));
        await using var browserPage = await browser.OpenAsync(front.BaseAddress, "/claims/agreement-live");
        var page = browserPage.Page;
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("PENDING");
        // Marks this document: a reload or a navigation would lose the mark.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await front.Desk.RecordVerdictAsync(SampleVerdicts.Verdict(claim.Name, "Washington", VerdictDecision.Confirm), deadline: DateTime.UtcNow.AddSeconds(20));
        await Expect(page.Locator("#status-detail")).ToHaveTextAsync("confirmed by Washington; awaiting Baghdad");
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("PENDING");
        await front.Desk.RecordVerdictAsync(SampleVerdicts.Verdict(claim.Name, "Baghdad", VerdictDecision.Confirm), deadline: DateTime.UtcNow.AddSeconds(20));

        await Expect(page.Locator("#status-name")).ToHaveTextAsync("CONFIRMED");
        await Expect(page.Locator("#status-name")).ToHaveClassAsync("status status-confirmed");
        await Expect(page.Locator("#status-detail")).ToHaveTextAsync("confirmed by Washington and Baghdad");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        // The verdicts and the timeline below are as loaded: the page says so, with a link to reload it.
        await Expect(page.Locator("#stale")).ToBeVisibleAsync();
        await Expect(page.Locator("#stale a")).ToHaveAttributeAsync("href", "/claims/agreement-live");
        await Expect(page.Locator("#stale")).ToContainTextAsync("This claim has changed since the page was loaded");

        // The live page now carries the ClaimReview, and so does the page served afresh: the same one.
        var live = await ReviewAsync(page);
        await browserPage.GotoAsync("/claims/agreement-live");
        await Expect(page.Locator("#status-name")).ToHaveTextAsync("CONFIRMED");
        await Expect(page.Locator("#stale")).ToBeHiddenAsync();
        var served = await ReviewAsync(page);
        Assert.Equal(served.GetRawText(), live.GetRawText());
        // As written in the HTML, for crawlers that read it as text.
        using (var http = front.Web.Http())
        {
            Assert.Contains("<script type=\"application/ld+json\" id=\"claim-review\">{\"@context\":\"https://schema.org\"",
                await http.GetStringAsync("/claims/agreement-live"), StringComparison.Ordinal);
        }

        Assert.Empty(ClaimReviewSchema.Problems(served));
        var review = served.GetProperty("@graph")[0];
        Assert.Equal("ClaimReview", review.GetProperty("@type").GetString());
        Assert.Equal(claim.Text, review.GetProperty("claimReviewed").GetString());
        Assert.Equal(new Uri(front.BaseAddress, "/claims/agreement-live").ToString(), review.GetProperty("url").GetString());
        var rating = review.GetProperty("reviewRating");
        Assert.Equal(ClaimReview.Rating(ClaimStatus.Confirmed).Value, rating.GetProperty("ratingValue").GetInt32());
        Assert.Equal("confirmed by Washington and Baghdad", rating.GetProperty("ratingExplanation").GetString());

        // Both verdicts on the page, with their evidence, and the timeline's status changes.
        await Expect(page.Locator(".parties li")).ToHaveTextAsync([new System.Text.RegularExpressions.Regex(@"Washington:\s+confirmed"), new System.Text.RegularExpressions.Regex(@"Baghdad:\s+confirmed")]);
        await Expect(page.Locator(".timeline")).ToContainTextAsync("PENDING → CONFIRMED");
        await Expect(page.Locator(".verdicts a[href='https://example.org/statements/baghdad-confirm']")).ToBeVisibleAsync();
        browserPage.AssertNoErrors();
    }

    [SkippableFact]
    public async Task The_list_filters_and_search_work()
    {
        await using var browserPage = await browser.OpenAsync(front.BaseAddress, "/claims");
        var page = browserPage.Page;
        await Expect(page.Locator("ol.claims > li").First).ToBeVisibleAsync();

        // Status: only pending claims, each saying so.
        await page.GetByLabel("Status").SelectOptionAsync("pending");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show claims" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("status=pending"));
        await Expect(page.Locator("ol.claims a[href='/claims/agreement']")).ToBeVisibleAsync();
        foreach (var status in await page.Locator("ol.claims .status").AllTextContentsAsync())
        {
            Assert.Equal("PENDING", status);
        }

        // Tag, with the status reset.
        await page.GetByLabel("Status").SelectOptionAsync("");
        await page.GetByLabel("Tag").FillAsync("turkey");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show claims" }).ClickAsync();
        await Expect(page.Locator("ol.claims > li a.claim-link")).ToHaveCountAsync(2);
        await Expect(page.Locator("ol.claims a[href='/claims/turkey-strikes']")).ToBeVisibleAsync();
        await Expect(page.Locator("ol.claims a[href='/claims/training-centre']")).ToBeVisibleAsync();

        // Full-text search.
        await page.GetByLabel("Tag").FillAsync("");
        await page.GetByLabel("Words").FillAsync("Erbil");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show claims" }).ClickAsync();
        await Expect(page.Locator("ol.claims > li a.claim-link")).ToHaveCountAsync(1);
        await Expect(page.Locator("ol.claims a[href='/claims/erbil']")).ToBeVisibleAsync();

        // Due date passed: September 2025's withdrawal, not the end of 2026's (due after today in this project's demo).
        await page.GetByLabel("Words").FillAsync("");
        await page.GetByLabel("Due date").SelectOptionAsync("past");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show claims" }).ClickAsync();
        await Expect(page.Locator("ol.claims a[href='/claims/first-withdrawal']")).ToBeVisibleAsync();
        await Expect(page.Locator("ol.claims a[href='/claims/agreement']")).ToHaveCountAsync(0);
        browserPage.AssertNoErrors();
    }

    [SkippableFact]
    public async Task The_similar_to_box_finds_the_reworded_claim()
    {
        await using var browserPage = await browser.OpenAsync(front.BaseAddress, "/claims");
        var page = browserPage.Page;
        await page.GetByLabel("Similar to…").FillAsync("American and Iraqi diplomats agreed a plan for US troops to leave Iraq");
        await page.GetByRole(AriaRole.Button, new() { Name = "Find similar claims" }).ClickAsync();

        await Expect(page.Locator("h2#results-heading")).ToHaveTextAsync("Claims similar to your text");
        await Expect(page.Locator("ol.claims a[href='/claims/agreement']")).ToBeVisibleAsync();
        await Expect(page.Locator("ol.claims > li .score").First).ToContainTextAsync("Match:");
        browserPage.AssertNoErrors();
    }

    [SkippableTheory]
    [InlineData("/claims/agreement")]
    [InlineData("/claims")]
    public async Task Tab_reaches_every_link(string path)
    {
        await using var browserPage = await browser.OpenAsync(front.BaseAddress, path);
        var page = browserPage.Page;
        // Links shown: a hidden one (the reload notice until the claim changes) is no Tab stop.
        const string shownLinks = "Array.from(document.querySelectorAll('a[href]')).filter(a => a.checkVisibility())";
        var links = await page.EvaluateAsync<int>($"() => {shownLinks}.length");
        var focusable = await page.EvaluateAsync<int>("() => document.querySelectorAll('a[href], input, select, textarea, button').length");
        Assert.True(links > 5, $"{path} has only {links} links");

        var reached = new HashSet<int>();
        for (var i = 0; i < focusable + 2 && reached.Count < links; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var index = await page.EvaluateAsync<int>($"() => {shownLinks}.indexOf(document.activeElement)");
            if (index >= 0)
            {
                reached.Add(index);
            }
        }

        var missed = await page.EvaluateAsync<string[]>(
            $"reached => {shownLinks}.filter((_, i) => !reached.includes(i)).map(a => a.getAttribute('href'))", reached.ToArray());
        Assert.True(missed.Length == 0, $"Tab never reached on {path}: {string.Join(", ", missed)}");
        browserPage.AssertNoErrors();
    }

    [SkippableFact]
    public async Task A_missing_claim_is_a_404_page()
    {
        await using var browserPage = await browser.OpenAsync(front.BaseAddress);
        var page = browserPage.Page;
        var response = await page.GotoAsync("/claims/no-such-claim");
        Assert.Equal(404, response?.Status);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Not found");
        await Expect(page.Locator("main")).ToContainTextAsync("no claim has this id");
        // The page itself loads nothing that fails: the only error is the 404 of the document itself.
        Assert.All(browserPage.Errors, e => Assert.Contains("404", e, StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Screenshots_of_the_claim_page_at_phone_and_desktop_width()
    {
        // FACTCHECK_SCREENSHOTS=1 writes them into docs/images/ (docs/web.md shows them); otherwise into a temporary folder.
        using var temporary = new TempFolder("factcheck-screens-");
        var folder = Environment.GetEnvironmentVariable("FACTCHECK_SCREENSHOTS") == "1" ? Repository.File("docs", "images") : temporary.Path;
        foreach (var (name, width, height) in new[] { ("claim-page-phone.png", 390, 844), ("claim-page-desktop.png", 1280, 900) })
        {
            await using var browserPage = await browser.OpenAsync(front.BaseAddress, "/claims/agreement", width, height);
            await Expect(browserPage.Page.Locator("#status-name")).ToHaveTextAsync("PENDING");
            var path = Path.Combine(folder, name);
            await browserPage.Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = width >= 600 });
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 1000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', $"{path} is not a PNG");
            // Nothing wider than the screen: the page reads on a phone without scrolling sideways.
            var overflow = await browserPage.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            Assert.True(overflow <= 0, $"at {width} px the page is {overflow} px wider than the screen");
            browserPage.AssertNoErrors();
        }
    }

    private static async Task<JsonElement> ReviewAsync(IPage page)
    {
        var text = await page.Locator("script[type='application/ld+json']").TextContentAsync();
        Assert.False(string.IsNullOrEmpty(text), "the page has no ClaimReview JSON-LD");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
