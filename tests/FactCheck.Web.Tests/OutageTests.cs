using System.Net;

namespace FactCheck.Web.Tests;

/// <summary>The pages when the services do not answer, and a start with a bad setting.</summary>
public sealed class OutageTests
{
    [Theory]
    [InlineData("/claims")]
    [InlineData("/claims/agreement")]
    [InlineData("/claims?similar=troops")]
    public async Task A_services_outage_is_a_503_page(string path)
    {
        await using var web = WebApp.Start(new Dictionary<string, string?>
        {
            // Nothing listens on either (a port chosen free, and left so).
            ["Web:ClaimsUrl"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["Web:VerificationUrl"] = $"http://127.0.0.1:{ServiceProcess.FreePort()}",
            ["Web:CallTimeout"] = "00:00:02",
        });
        using var http = web.Http();
        using var response = await http.GetAsync(path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(response.Headers.RetryAfter is not null, "a 503 says when to try again");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Claims temporarily unavailable</h1>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
        Assert.DoesNotContain("StatusCode=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Web:ClaimsUrl", "localhost:5101", "Web:ClaimsUrl must be an http:// or https:// address")]
    [InlineData("Web:PublicBaseUrl", "https://factcheck.example.org/?x=1", "Web:PublicBaseUrl must be an http:// or https:// address without a query")]
    [InlineData("Web:ApiKeyFile", "/nonexistent/reader.key", "Web:ApiKeyFile: cannot read '/nonexistent/reader.key'")]
    [InlineData("Web:CallTimeout", "00:00:00", "Web:CallTimeout must be positive")]
    [InlineData("Web:MaxLiveReadersPerClient", "-1", "Web:MaxLiveReadersPerClient must not be negative")]
    [InlineData("Web:MaxLiveStreamLifetime", "00:00:00", "Web:MaxLiveStreamLifetime must be positive")]
    public async Task A_bad_setting_refuses_the_start_naming_itself(string setting, string value, string message)
    {
        var environment = new Dictionary<string, string> { [setting.Replace(":", "__", StringComparison.Ordinal)] = value };
        var port = ServiceProcess.FreePort();
        var refused = await ServiceProcess.RunToRefusalAsync(
            typeof(WebSettings).Assembly.Location, environment, ["--urls", $"http://127.0.0.1:{port}"], port);
        Assert.Equal(FactCheck.ServiceDefaults.ServiceStartup.RefusedExitCode, refused.ExitCode);
        Assert.Contains(message, refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_served_off_loopback_refuse_a_loopback_public_address()
    {
        // Web:PublicBaseUrl left at its default (127.0.0.1): every ClaimReview url would point at the reader's own machine.
        var port = ServiceProcess.FreePort();
        var refused = await ServiceProcess.RunToRefusalAsync(
            typeof(WebSettings).Assembly.Location, new Dictionary<string, string>(), ["--urls", $"http://0.0.0.0:{port}"], port);
        Assert.Equal(FactCheck.ServiceDefaults.ServiceStartup.RefusedExitCode, refused.ExitCode);
        Assert.Contains("Web:PublicBaseUrl is a loopback address", refused.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Output, StringComparison.Ordinal);
    }
}
