using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FactCheck.Tls;

/// <summary>
/// A certificate authority given as a PEM file (<c>ClaimsService:CaFile</c>, <c>--ca-file</c>),
/// trusted instead of the system's roots for the connections it is applied to. A server's
/// certificate passes only when it chains to one of the file's certificates, is within its dates
/// names the host that was dialled and is issued for server authentication: a private CA
/// replaces the root store, it does not turn off the other checks. Revocation is not checked, because a private CA rarely publishes a CRL a
/// service can reach.
/// </summary>
public sealed class TrustedCa
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    private readonly X509Certificate2Collection _roots;

    private TrustedCa(string path, X509Certificate2Collection roots)
    {
        Path = path;
        _roots = roots;
    }

    /// <summary>The file the certificates were read from, as given.</summary>
    public string Path { get; }

    /// <summary>The subjects of the trusted certificates, for logs.</summary>
    public IReadOnlyList<string> Subjects => _roots.Select(c => c.Subject).ToList();

    /// <summary>
    /// Reads every certificate in the PEM file <paramref name="path"/>. A missing or unreadable
    /// file, or one without a certificate, throws <see cref="TrustedCaException"/> naming
    /// <paramref name="setting"/> and the problem, so a wrong setting stops the start rather
    /// than the first call.
    /// </summary>
    public static TrustedCa Load(string path, string setting)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrustedCaException($"{setting}: cannot read '{path}': {e.Message}", e);
        }
        catch (CryptographicException e)
        {
            throw new TrustedCaException($"{setting}: '{path}' is not a PEM certificate file: {e.Message}", e);
        }

        if (roots.Count == 0)
        {
            throw new TrustedCaException($"{setting}: '{path}' holds no certificate (expected one or more '-----BEGIN CERTIFICATE-----' blocks)");
        }

        return new TrustedCa(path, roots);
    }

    /// <summary>Makes <paramref name="ssl"/> accept only server certificates this CA vouches for.</summary>
    public void ApplyTo(SslClientAuthenticationOptions ssl) => ssl.RemoteCertificateValidationCallback = Validate;

    /// <summary>
    /// Why the certificate would be refused, or null when it is accepted. The TLS stack reports a
    /// refusal only as "rejected by the validation callback"; this is the reason a person can act on.
    /// </summary>
    public string? Problem(X509Certificate2 certificate, SslPolicyErrors errors, X509Certificate2Collection? intermediates = null)
    {
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return "the server sent no certificate";
        }

        // The platform has already compared the host name with the certificate's names; a
        // private CA does not excuse a certificate issued for another host.
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"the certificate does not name the host that was dialled (it is issued to {Names(certificate)})";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Issued for server authentication: a client certificate from the same CA must not pass for a server.
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
        // Nothing fetched from addresses the server's own certificate names (its AIA extension).
        chain.ChainPolicy.DisableCertificateDownloads = true;
        if (intermediates is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(intermediates);
        }

        if (chain.Build(certificate))
        {
            return null;
        }

        var statuses = chain.ChainStatus.Select(s => s.Status).Where(s => s != X509ChainStatusFlags.NoError).Distinct().ToList();
        var subject = Printable(certificate.Subject);
        if (statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain))
        {
            return $"the certificate ({subject}, issued by {Printable(certificate.Issuer)}) is not signed by the CA in {Path}";
        }

        return statuses.Contains(X509ChainStatusFlags.NotValidForUsage)
            ? $"the certificate ({subject}) is not issued for server authentication"
            : $"the certificate ({subject}) fails its chain check: {string.Join(", ", statuses)}";
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? platformChain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        // The server's intermediates arrive with the platform's chain (the certificates sent, and
        // those it could link); pass them on, never as trusted, so a CA file
        // holding only the root still verifies a certificate issued by an intermediate.
        var intermediates = new X509Certificate2Collection();
        if (platformChain is not null)
        {
            intermediates.AddRange(platformChain.ChainPolicy.ExtraStore);
            foreach (var element in platformChain.ChainElements)
            {
                intermediates.Add(element.Certificate);
            }
        }

        var problem = Problem(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()), errors, intermediates);
        if (problem is null)
        {
            return true;
        }

        // Thrown here, the reason reaches the caller as the inner exception of the failed
        // handshake, where a bare "false" would say only that a callback said no.
        throw new AuthenticationException($"TLS: {problem}");
    }

    /// <summary>A certificate's text as it may be shown: the server chose it, so control characters (newlines, terminal escapes) are replaced.</summary>
    private static string Printable(string text) =>
        string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? '?' : source[i];
            }
        });

    private static string Names(X509Certificate2 certificate)
    {
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames().Concat(e.EnumerateIPAddresses().Select(ip => ip.ToString())))
            .ToList();
        return Printable(names.Count > 0 ? string.Join(", ", names) : certificate.Subject);
    }
}

/// <summary>A CA file setting that cannot be used; the message names the setting and the problem.</summary>
public sealed class TrustedCaException(string message, Exception? inner = null) : Exception(message, inner);
