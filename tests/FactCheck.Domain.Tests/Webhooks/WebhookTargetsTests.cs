using System.Net;
using FactCheck.Domain.Webhooks;

namespace FactCheck.Domain.Tests.Webhooks;

public class WebhookTargetsTests
{
    // Each row: an address, and why it is refused ("" = allowed). Written from RFC 6890's registry
    // and the clouds' documented metadata addresses, not from the code's table.
    public static TheoryData<string, string> Addresses() => new()
    {
        { "93.184.215.14", "" },
        { "8.8.8.8", "" },
        { "2606:4700:4700::1111", "" },
        { "127.0.0.1", "a loopback address" },
        { "127.255.255.254", "a loopback address" },
        { "::1", "a loopback address" },
        { "10.1.2.3", "a private address" },
        { "172.16.0.1", "a private address" },
        { "172.31.255.255", "a private address" },
        { "172.32.0.1", "" },
        { "192.168.1.10", "a private address" },
        { "fd12:3456::1", "a private (unique local) address" },
        { "169.254.169.254", "a cloud metadata address" },
        { "fd00:ec2::254", "a cloud metadata address" },
        { "100.100.100.200", "a cloud metadata address" },
        { "169.254.10.20", "a link-local address" },
        { "fe80::1", "a link-local address" },
        { "100.64.0.1", "a carrier-grade NAT (shared) address" },
        { "0.0.0.0", "an unspecified (\"this network\") address" },
        { "::", "an unspecified address" },
        { "224.0.0.251", "a multicast address" },
        { "ff02::1", "a multicast address" },
        { "255.255.255.255", "a reserved address" },
        { "::ffff:127.0.0.1", "a loopback address" },
        { "::ffff:10.0.0.1", "a private address" },
        { "64:ff9b::a9fe:a9fe", "a cloud metadata address" },
        { "::ffff:93.184.215.14", "" },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Each_address_is_allowed_or_refused_with_its_reason(string address, string why)
    {
        Assert.Equal(why.Length == 0 ? null : why, WebhookTargets.WhyRefused(IPAddress.Parse(address)));
    }

    // Each row: a URL, whether http and private targets are allowed, and the problem ("" = none).
    public static TheoryData<string, bool, string> Urls() => new()
    {
        { "https://hooks.example.org/factcheck", false, "" },
        { "https://hooks.example.org:8443/x?y=1", false, "" },
        { "http://hooks.example.org/factcheck", false, "must be an https URL" },
        { "http://hooks.example.org/factcheck", true, "" },
        { "ftp://hooks.example.org/", true, "must be an http or https URL" },
        { "", false, "is required" },
        { "hooks.example.org/factcheck", false, "must be an absolute URL" },
        { "https://user:pass@hooks.example.org/", false, "must not carry a user name or password (the signature authenticates the service)" },
        { "https://hooks.example.org/#top", false, "must not have a fragment (#...)" },
        { "https://10.0.0.5/hook", false, "points at a private address (10.0.0.5); webhooks go to public addresses only" },
        { "https://[::1]/hook", false, "points at a loopback address (::1); webhooks go to public addresses only" },
        { "https://169.254.169.254/latest/meta-data", false, "points at a cloud metadata address (169.254.169.254); webhooks go to public addresses only" },
        { "https://localhost/hook", false, "points at a loopback address; webhooks go to public addresses only" },
        { "http://127.0.0.1:8080/hook", true, "" },
    };

    [Theory]
    [MemberData(nameof(Urls))]
    public void Each_target_url_is_checked_by_its_form(string url, bool allowAll, string problem)
    {
        var violations = WebhookTargets.Check("webhook.target_url", url, allowHttp: allowAll, allowPrivate: allowAll);
        Assert.Equal(problem.Length == 0 ? [] : [new FieldViolation("webhook.target_url", problem)], violations);
    }

    [Fact]
    public void A_url_longer_than_the_limit_is_refused_with_the_limit()
    {
        var violations = WebhookTargets.Check("target_url", "https://example.org/" + new string('a', WebhookTargets.MaxUrlLength), false, false);
        Assert.Equal($"must be at most {WebhookTargets.MaxUrlLength} characters", Assert.Single(violations).Description);
    }
}
