using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// Webhook signing secrets: made here ("whsec_" and 64 hex digits, 256 random bits), shown to the
/// caller once, and stored sealed by ASP.NET Core Data Protection (authenticated encryption under
/// keys kept outside the database, in <see cref="WebhookOptions.KeysDirectory"/>), so a copy of
/// the database alone does not reveal them. The service unseals a secret only to sign.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    private const string Prefix = "whsec_";

    private readonly IDataProtector _protector = protection.CreateProtector("FactCheck.Claims.Webhooks.SigningSecrets.v1");

    /// <summary>A new secret, as the caller sees it.</summary>
    public static string NewSecret() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The bytes that key the HMAC: the secret's text as UTF-8, as a receiver holding the text computes it.</summary>
    public static byte[] SigningKey(string secret) => System.Text.Encoding.UTF8.GetBytes(secret);

    public byte[] Seal(string secret) => _protector.Protect(SigningKey(secret));

    public byte[] Unseal(byte[] sealedSecret) => _protector.Unprotect(sealedSecret);

    /// <summary>The secret's text from its sealed form (to repeat a create's answer).</summary>
    public string Reveal(byte[] sealedSecret) => System.Text.Encoding.UTF8.GetString(Unseal(sealedSecret));
}
