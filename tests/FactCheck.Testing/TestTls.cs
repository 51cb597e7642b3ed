using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FactCheck.Testing;

/// <summary>
/// A certificate authority of the test's own, written as PEM files into a folder, that issues
/// server certificates the way an operator's private CA would: a CA certificate (basic
/// constraints CA, key usage cert-sign) and leaf certificates for server authentication that
/// name their hosts in the subject alternative name.
/// </summary>
public sealed class TestCa : IDisposable
{
    private readonly X509Certificate2 _certificate;
    private readonly string _folder;

    private TestCa(X509Certificate2 certificate, string folder, string certificatePath)
    {
        _certificate = certificate;
        _folder = folder;
        CertificatePath = certificatePath;
    }

    /// <summary>The CA's certificate, PEM: what <c>--ca-file</c> and <c>ClaimsService__CaFile</c> are given.</summary>
    public string CertificatePath { get; }

    public static TestCa Create(string folder, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}, O=FactCheck tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return new TestCa(certificate, folder, path);
    }

    /// <summary>
    /// A certificate for <paramref name="ipAddresses"/> and <paramref name="dnsNames"/>, signed by
    /// this CA: for server authentication, or, with <paramref name="clientOnly"/>, for client
    /// authentication only (which no server should be able to present).
    /// </summary>
    public TestServerCertificate Issue(string name, IEnumerable<IPAddress> ipAddresses, IEnumerable<string>? dnsNames = null, bool clientOnly = false)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var usage = clientOnly ? new Oid("1.3.6.1.5.5.7.3.2", "Client Authentication") : new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication");
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], critical: false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var ip in ipAddresses)
        {
            names.AddIpAddress(ip);
        }

        foreach (var dns in dnsNames ?? [])
        {
            names.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var certificate = request.Create(_certificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), RandomNumberGenerator.GetBytes(12));

        var certificatePath = Path.Combine(_folder, $"{name}.pem");
        var keyPath = Path.Combine(_folder, $"{name}.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return new TestServerCertificate(certificatePath, keyPath, CertificatePath);
    }

    public void Dispose() => _certificate.Dispose();
}

/// <summary>
/// A server certificate and its key as PEM files, and the CA file that vouches for it. Kestrel
/// takes the pair through its standard configuration (<see cref="KestrelEnvironment"/>).
/// </summary>
public sealed record TestServerCertificate(string CertificatePath, string KeyPath, string CaPath)
{
    /// <summary>The environment variables that make Kestrel serve this certificate on every https:// address.</summary>
    public IEnumerable<KeyValuePair<string, string>> KestrelEnvironment() =>
    [
        new("Kestrel__Certificates__Default__Path", CertificatePath),
        new("Kestrel__Certificates__Default__KeyPath", KeyPath),
    ];
}
