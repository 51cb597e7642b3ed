using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace FactCheck.Claims.Webhooks;

/// <summary>
/// Webhook signing secrets: made here ("whsec_" and 64 hex digits, 256 random bits), shown to the
/// caller once, and stored sealed by ASP.NET Core Data Protection (authenticated encryption under
/// keys kept outside the database, in <see cref="WebhookOptions.KeysDirectory"/>), so a copy of
/// the database alone does not reveal them. The service unseals a secret only to sign.
/// </summary>
/// <param name="unavailable">Why secrets cannot be kept (no shared key folder on PostgreSQL), or null when they can.</param>
public sealed class WebhookSecrets(IDataProtectionProvider protection, string? unavailable = null)
{
    private const string Prefix = "whsec_";

    private readonly IDataProtector _protector = protection.CreateProtector("FactCheck.Claims.Webhooks.SigningSecrets.v1");

    private IDataProtector Protector => unavailable is null
        ? _protector
        : throw new RefusalException(RefusalKind.FailedPrecondition, "WEBHOOK_KEYS_NOT_CONFIGURED", unavailable);

    /// <summary>A new secret, as the caller sees it.</summary>
    public static string NewSecret() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>The bytes that key the HMAC: the secret's text as UTF-8, as a receiver holding the text computes it.</summary>
    public static byte[] SigningKey(string secret) => System.Text.Encoding.UTF8.GetBytes(secret);

    public byte[] Seal(string secret) => Protector.Protect(SigningKey(secret));

    public byte[] Unseal(byte[] sealedSecret) => Protector.Unprotect(sealedSecret);

    /// <summary>The secret's text from its sealed form (to repeat a create's answer).</summary>
    public string Reveal(byte[] sealedSecret) => System.Text.Encoding.UTF8.GetString(Unseal(sealedSecret));
}
