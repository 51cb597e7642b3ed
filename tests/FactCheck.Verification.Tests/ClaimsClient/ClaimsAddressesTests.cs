using FactCheck.Verification.ClaimsClient;

namespace FactCheck.Verification.Tests.ClaimsClient;

/// <summary>The claims-service address list: what the one claims channel can be given.</summary>
public sealed class ClaimsAddressesTests
{
    [Fact]
    public void Several_addresses_are_kept_in_the_order_given()
    {
        var (addresses, errors) = ClaimsAddresses.Parse(new ClaimsClientOptions { Url = "https://claims-a:5101; https://claims-b:5101" });

        Assert.Empty(errors);
        Assert.Equal([new Uri("https://claims-a:5101"), new Uri("https://claims-b:5101")], addresses);
    }

    [Fact]
    public void A_list_mixing_http_and_https_is_refused_as_one_channel_is_either_TLS_or_plaintext()
    {
        var (_, errors) = ClaimsAddresses.Parse(new ClaimsClientOptions { Url = "https://claims-a:5101,http://claims-b:5101" });

        Assert.Equal(["mixes http:// and https:// addresses; list every replica with the same scheme"], errors);
    }
}
