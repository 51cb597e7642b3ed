using System.Security.Cryptography;
using Google.Protobuf;

namespace FactCheck.GrpcEdge;

/// <summary>
/// Short, stable digests of request messages: to tell a retried request (same fingerprint)
/// from a different one under the same request_id, and to tie page tokens to their filters.
/// </summary>
public static class Fingerprints
{
    public static string Of(IMessage message) => Convert.ToHexString(SHA256.HashData(message.ToByteArray()), 0, 16);

    /// <summary>The fingerprint of a copy of <paramref name="message"/> after <paramref name="clear"/> blanks the fields that must not count.</summary>
    public static string Of<T>(T message, Action<T> clear)
        where T : IMessage<T>
    {
        var copy = message.Clone();
        clear(copy);
        return Of(copy);
    }
}
