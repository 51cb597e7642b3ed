using System.Text;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace FactCheck.Testing.BadInput;

/// <summary>
/// One row of a bad-input table: the method, the field, the bad value, the request (a valid one
/// with that one mutation, as the bytes that go on the wire), and what the service must answer:
/// the status code and the one field its BadRequest names (null when the refusal names no field:
/// a message over the size limit, or one that is not a message at all).
/// </summary>
public sealed record BadInputCase(string Method, string Field, string Bad, Func<byte[]> Request, StatusCode Code, string? ExpectedField)
{
    /// <summary>The row's name in test results: "CreateClaim | claim.text | 4001 characters".</summary>
    public string Name => $"{Method} | {Field} | {Bad}";

    /// <summary>A row that mutates a fresh valid request of type <typeparamref name="T"/>; the BadRequest names <paramref name="expected"/>, or the row's field when null.</summary>
    public static BadInputCase Of<T>(string method, string field, string bad, Func<T> valid, Action<T> mutate, string? expected = null)
        where T : IMessage<T> =>
        new(method, field, bad, Bytes(valid, mutate), StatusCode.InvalidArgument, expected ?? field);

    /// <summary>
    /// A row whose string field, set to a marker by <paramref name="setMarker"/>, has the marker's
    /// bytes replaced on the wire by <paramref name="bytes"/> (padded to the marker's length, so
    /// every length prefix stays right): a string no protobuf library would write.
    /// </summary>
    public static BadInputCase NotUtf8<T>(string method, string field, string bad, Func<T> valid, Action<T, string> setMarker, byte[] bytes)
        where T : IMessage<T> =>
        new(method, field, $"not UTF-8: {bad}", () =>
        {
            var request = valid();
            setMarker(request, Marker);
            var wire = request.ToByteArray();
            var at = wire.AsSpan().IndexOf(Encoding.ASCII.GetBytes(Marker));
            Assert.True(at >= 0, $"the marker of {field} is not in the serialized request");
            bytes.CopyTo(wire, at);
            return wire;
        }, StatusCode.InvalidArgument, field);

    /// <summary>A row whose request ends in the middle of a field: not a message at all.</summary>
    public static BadInputCase Truncated<T>(string method, Func<T> valid)
        where T : IMessage<T> =>
        new(method, "(message)", "truncated in the middle of a field", () => [.. valid().ToByteArray(), 0x0A, 0x10, 0x61], StatusCode.InvalidArgument, null);

    /// <summary>A row whose request is larger than the service's message limit.</summary>
    public static BadInputCase TooLarge<T>(string method, string field, Func<T> valid, Action<T, string> set, int limitBytes)
        where T : IMessage<T> =>
        new(method, field, $"a message over {limitBytes} bytes", Bytes(valid, r => set(r, new string('x', limitBytes + 1))), StatusCode.ResourceExhausted, null);

    private static Func<byte[]> Bytes<T>(Func<T> valid, Action<T> mutate)
        where T : IMessage<T> =>
        () =>
        {
            var request = valid();
            mutate(request);
            return request.ToByteArray();
        };

    private const string Marker = "MARKER-0123456789";

    public override string ToString() => Name;
}

/// <summary>Sends a bad-input row's bytes as they are, and checks the refusal it gets.</summary>
public static class BadInputCalls
{
    private static readonly Marshaller<byte[]> Raw = new(bytes => bytes, bytes => bytes);

    /// <summary>
    /// Calls <paramref name="service"/>/<paramref name="row"/>'s method with its bytes (a server
    /// stream is read until it fails) and asserts the code, the error domain, and the BadRequest:
    /// exactly the expected field, or none.
    /// </summary>
    public static async Task AssertRefusedAsync(CallInvoker invoker, string service, BadInputCase row, string domain, bool serverStreaming = false)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            if (serverStreaming)
            {
                var method = new Method<byte[], byte[]>(MethodType.ServerStreaming, service, row.Method, Raw, Raw);
                using var call = invoker.AsyncServerStreamingCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), row.Request());
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                    // A bad request must fail before the first event; reading on lets the assertion below say what came instead.
                }
            }
            else
            {
                var method = new Method<byte[], byte[]>(MethodType.Unary, service, row.Method, Raw, Raw);
                await invoker.AsyncUnaryCall(method, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), row.Request());
            }
        });

        Assert.True(row.Code == error.StatusCode, $"expected {row.Code}, got {error.StatusCode}: {error.Status.Detail}");
        var status = error.GetRpcStatus();
        var violations = status?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
        if (row.ExpectedField is null)
        {
            Assert.Empty(violations);
        }
        else
        {
            Assert.Equal([row.ExpectedField], violations);
        }

        if (row.Code == StatusCode.InvalidArgument)
        {
            // Every refusal a service makes itself carries its ErrorInfo (a size refusal is gRPC's own, before any service code).
            Assert.Equal(domain, status?.GetDetail<ErrorInfo>()?.Domain);
        }
    }
}
