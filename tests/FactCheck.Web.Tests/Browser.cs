using Microsoft.Playwright;

namespace FactCheck.Web.Tests;

/// <summary>
/// Headless Chromium from the operating system's package (Debian: chromium at /usr/bin/chromium,
/// or the path in FACTCHECK_CHROMIUM), driven by Playwright. Playwright's own browser download is
/// never used. Without Chromium the browser tests skip saying how to install it, unless
/// FACTCHECK_REQUIRE_ALL_TESTS=1 (as CI sets), when they fail.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static string ExecutablePath => Environment.GetEnvironmentVariable("FACTCHECK_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    public static string InstallHint =>
        $"Chromium is not installed at {ExecutablePath} (Debian: apt-get install -y chromium; or set FACTCHECK_CHROMIUM to its path); CI's .ci/run installs it.";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Whether the browser tests can run here.</summary>
    public static bool Installed => File.Exists(ExecutablePath);

    public async Task InitializeAsync()
    {
        if (!Installed)
        {
            return;
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Containers and CI runners give no user namespaces for Chromium's sandbox.
            Args = ["--no-sandbox"],
        });
        // Auto-waiting expectations wait for the page; the live update may take a delivery or two on a loaded machine.
        Assertions.SetDefaultExpectTimeout((float)TestTimings.Patience.TotalMilliseconds);
    }

    /// <summary>
    /// A new page (its own context, so nothing is shared between tests) at <paramref name="width"/>
    /// × <paramref name="height"/>, recording every console error and uncaught script error, CSP
    /// violations included (Chromium reports them on the console); at <paramref name="path"/>
    /// (which must answer 200) when one is given.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(Uri baseAddress, string? path = null, int width = 1280, int height = 900)
    {
        Skip.If(!Installed && Environment.GetEnvironmentVariable("FACTCHECK_REQUIRE_ALL_TESTS") != "1", InstallHint);
        Assert.True(_browser is not null, InstallHint);
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        // Also reported on the console by Chromium; this makes each violation's directive and
        // blocked address part of the failure message. Init scripts are not subject to the page's CSP.
        await context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI));");
        var page = new BrowserPage(context, await context.NewPageAsync());
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

/// <summary>One page in a browser context of its own, with the errors it logged.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Record($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => Record($"script error: {error}");
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Opens <paramref name="path"/> and requires a 200.</summary>
    public async Task GotoAsync(string path)
    {
        var response = await Page.GotoAsync(path);
        Assert.True(response is { Status: 200 }, $"{path} answered {response?.Status}");
    }

    /// <summary>Requires that nothing the page ran or loaded logged an error (CSP violations included).</summary>
    public void AssertNoErrors() => Assert.True(Errors.Count == 0, "the page logged errors:\n" + string.Join('\n', Errors));

    private void Record(string error)
    {
        lock (_errors)
        {
            _errors.Add(error);
        }
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
