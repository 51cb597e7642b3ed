namespace FactCheck.Client;

/// <summary>Where the services listen unless told otherwise (./start.sh's defaults): one place for every client.</summary>
public static class ServiceAddresses
{
    public const string DefaultClaimsUrl = "http://127.0.0.1:5101";
    public const string DefaultVerificationUrl = "http://127.0.0.1:5102";
}
