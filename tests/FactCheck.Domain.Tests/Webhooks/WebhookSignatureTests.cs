using System.Text;
using FactCheck.Domain.Webhooks;

namespace FactCheck.Domain.Tests.Webhooks;

public class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"event_id\":\"e1\"}");
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("whsec_test");
    private static readonly byte[] OldSecret = Encoding.UTF8.GetBytes("whsec_old");
    private static readonly DateTimeOffset Sent = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    // Expected values from `printf '1700000000.{"event_id":"e1"}' | openssl dgst -sha256 -hmac whsec_test`, not from this code.
    private const string ByOpenSsl = "8a9b910184f1d9ed3590e106c991e230a182f3b9356c7c1ed91c013d17ed0775";
    private const string OldByOpenSsl = "46824255ad699a1a70a86db42e6ea402f66e76fcf1b5de9fa750559abd9c3511";

    [Fact]
    public void The_header_is_the_time_and_the_hmac_of_time_dot_body_as_openssl_computes_it()
    {
        Assert.Equal($"t=1700000000,v1={ByOpenSsl}", WebhookSignature.Header(Body, Sent, [Secret]));
    }

    [Fact]
    public void During_a_rotation_the_header_carries_one_signature_per_secret_newest_first()
    {
        Assert.Equal($"t=1700000000,v1={ByOpenSsl},v1={OldByOpenSsl}", WebhookSignature.Header(Body, Sent, [Secret, OldSecret]));
    }

    [Fact]
    public void A_receiver_holding_either_secret_accepts_a_rotated_delivery()
    {
        var header = WebhookSignature.Header(Body, Sent, [Secret, OldSecret]);
        Assert.True(WebhookSignature.Verify(header, Body, Secret, Sent.AddSeconds(30), TimeSpan.FromMinutes(5)));
        Assert.True(WebhookSignature.Verify(header, Body, OldSecret, Sent.AddSeconds(30), TimeSpan.FromMinutes(5)));
    }

    [Theory]
    [InlineData("a changed body")]
    [InlineData("another secret")]
    [InlineData("too old")]
    [InlineData("no time")]
    [InlineData("garbled")]
    public void A_receiver_refuses_what_was_not_signed_with_its_secret_just_now(string change)
    {
        var header = WebhookSignature.Header(Body, Sent, [Secret]);
        var (checkHeader, body, secret, now) = change switch
        {
            "a changed body" => (header, Encoding.UTF8.GetBytes("{\"event_id\":\"e2\"}"), Secret, Sent),
            "another secret" => (header, Body, OldSecret, Sent),
            "too old" => (header, Body, Secret, Sent.AddMinutes(6)),
            "no time" => ($"v1={ByOpenSsl}", Body, Secret, Sent),
            _ => ("t=1700000000;v1", Body, Secret, Sent),
        };

        Assert.False(WebhookSignature.Verify(checkHeader, body, secret, now, TimeSpan.FromMinutes(5)));
    }
}
