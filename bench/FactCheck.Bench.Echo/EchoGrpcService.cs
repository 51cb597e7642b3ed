using Grpc.Core;

namespace FactCheck.Bench.Echo;

/// <summary>Answers every call with its own request: the least a gRPC call on this stack can cost.</summary>
public sealed class EchoGrpcService : EchoService.EchoServiceBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
