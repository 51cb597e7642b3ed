using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FactCheck.Domain.Webhooks;

/// <summary>
/// The <c>FactCheck-Signature</c> header of a webhook delivery, in the scheme Stripe uses:
/// <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;raw body&gt;"&gt;</c>. The time is
/// inside what is signed, so a receiver can refuse a replayed delivery by its age. While a
/// rotated secret's grace period lasts the header carries one <c>v1</c> per secret, newest
/// first, and a receiver accepts the delivery when any of them matches a secret it holds.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "FactCheck-Signature";
    public const string Scheme = "v1";

    /// <summary>The header for <paramref name="body"/> sent at <paramref name="time"/>, signed with each of <paramref name="secrets"/>.</summary>
    public static string Header(ReadOnlySpan<byte> body, DateTimeOffset time, IReadOnlyList<byte[]> secrets)
    {
        if (secrets.Count == 0)
        {
            throw new ArgumentException("at least one secret signs a delivery", nameof(secrets));
        }

        var timestamp = time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var header = new StringBuilder("t=").Append(timestamp);
        foreach (var secret in secrets)
        {
            header.Append(',').Append(Scheme).Append('=').Append(Convert.ToHexStringLower(Sign(secret, timestamp, body)));
        }

        return header.ToString();
    }

    /// <summary>
    /// What a receiver does: true when <paramref name="header"/> carries a <c>v1</c> signature of
    /// <paramref name="body"/> made with <paramref name="secret"/>, and its time is within
    /// <paramref name="tolerance"/> of <paramref name="now"/>. Compares in constant time.
    /// </summary>
    public static bool Verify(string header, ReadOnlySpan<byte> body, byte[] secret, DateTimeOffset now, TimeSpan tolerance)
    {
        string? timestamp = null;
        var signatures = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == "t")
            {
                timestamp = value;
            }
            else if (key == Scheme)
            {
                signatures.Add(value);
            }
        }

        if (timestamp is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(Sign(secret, timestamp, body)));
        return signatures.Any(s => CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(s)));
    }

    private static byte[] Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }
}
