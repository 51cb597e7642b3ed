using System.Net.Http.Json;
using System.Text.Json;
using FactCheck.Claims.Tests.Grpc.Transcoding;
using FactCheck.GrpcEdge;
using FactCheck.Testing;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.Claims.Tests.Grpc;

/// <summary>
/// The services' strict request parsing (AddRefusalErrors) replaces only Grpc.AspNetCore's own
/// binder: another method provider, here JSON transcoding's, keeps its endpoints whether it was
/// registered before or after, while a request that cannot be parsed is still refused as the
/// services refuse it (INVALID_ARGUMENT naming the string that is not UTF-8, MALFORMED_REQUEST).
/// </summary>
public sealed class JsonTranscodingTests
{
    private const string Domain = "probe.factcheck.v1";
    private const string GrpcRoute = "/factcheck.testing.v1.TranscodingProbe/Echo";
    private static readonly string[] JsonNotes = ["a", "b"];
    private static readonly Marshaller<byte[]> Raw = new(bytes => bytes, bytes => bytes);

    private sealed class Probe : TranscodingProbe.TranscodingProbeBase
    {
        public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context) =>
            Task.FromResult(new EchoReply { Text = request.Text + "|" + string.Join(",", request.Inner?.Notes ?? []) });
    }

    private static async Task<WebApplication> StartAsync(Action<IServiceCollection> register)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        register(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<Probe>();
        await app.StartAsync();
        return app;
    }

    private static void TranscodingFirst(IServiceCollection services)
    {
        services.AddGrpc().AddJsonTranscoding();
        services.AddRefusalErrors(Domain);
    }

    private static void TranscodingAfter(IServiceCollection services)
    {
        // The builder of an earlier AddGrpc, so that nothing adds the framework's binder back.
        var grpc = services.AddGrpc();
        services.AddRefusalErrors(Domain);
        grpc.AddJsonTranscoding();
    }

    [Theory]
    [InlineData("before")]
    [InlineData("after")]
    public async Task Json_transcoding_keeps_its_endpoints_and_unreadable_requests_are_still_refused(string transcoding)
    {
        await using var app = await StartAsync(transcoding == "before" ? TranscodingFirst : TranscodingAfter);
        var server = app.GetTestServer();
        var routes = ((IEndpointRouteBuilder)app).DataSources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToList();
        using var http = server.CreateClient();
        var invoker = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() }).CreateCallInvoker();

        var json = await http.PostAsJsonAsync("/v1/echo", new { text = "über", inner = new { notes = JsonNotes } });
        var grpc = await new TranscodingProbe.TranscodingProbeClient(invoker).EchoAsync(new EchoRequest { Text = "über", Inner = new Inner { Notes = { "a" } } });
        // text "ok", then inner.notes[0] = a stray 0xFF; and a message whose first length runs past its end.
        var notUtf8 = await Assert.ThrowsAsync<RpcException>(() => RawCall(invoker, [0x0A, 0x02, (byte)'o', (byte)'k', 0x12, 0x03, 0x0A, 0x01, 0xFF]));
        var garbled = await Assert.ThrowsAsync<RpcException>(() => RawCall(invoker, [0x0A, 0x05, (byte)'a']));

        Assert.Equal(1, routes.Count(r => r == "/v1/echo"));
        Assert.Equal(1, routes.Count(r => r == GrpcRoute));
        Assert.True(json.IsSuccessStatusCode, $"{json.StatusCode}: {await json.Content.ReadAsStringAsync()}");
        Assert.Equal("über|a,b", (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("text").GetString());
        Assert.Equal("über|a", grpc.Text);
        Assert.Equal(StatusCode.InvalidArgument, notUtf8.StatusCode);
        Assert.Equal(Domain, RpcAssert.Info(notUtf8).Domain);
        Assert.Equal(["inner.notes[0]"], RpcAssert.Violations(notUtf8).Keys);
        Assert.Equal(StatusCode.InvalidArgument, garbled.StatusCode);
        Assert.Equal((Domain, "MALFORMED_REQUEST"), (RpcAssert.Info(garbled).Domain, RpcAssert.Info(garbled).Reason));
        Assert.Null(garbled.GetRpcStatus()?.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task An_AddGrpc_after_the_refusal_errors_stops_the_start_instead_of_mapping_every_method_twice()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(services =>
        {
            services.AddRefusalErrors(Domain);
            services.AddGrpc().AddJsonTranscoding();
        }));

        Assert.Contains("call AddRefusalErrors after every AddGrpc", error.Message, StringComparison.Ordinal);
    }

    private static Task<byte[]> RawCall(CallInvoker invoker, byte[] request) =>
        invoker.AsyncUnaryCall(new Method<byte[], byte[]>(MethodType.Unary, "factcheck.testing.v1.TranscodingProbe", "Echo", Raw, Raw), null,
            new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), request).ResponseAsync;
}
