using System.Buffers;
using System.Reflection;
using FactCheck.Domain;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FactCheck.GrpcEdge;

/// <summary>
/// Binds every gRPC service of the host as Grpc.AspNetCore's own binder does, with one change:
/// a request that cannot be parsed (a string that is not UTF-8, a truncated or garbled message)
/// is refused as INVALID_ARGUMENT through <see cref="RefusalInterceptor.ToRpc"/>, naming the
/// string field when that is what is wrong. Without it the framework answers UNKNOWN
/// ("Exception was thrown by handler", with the parser's message in Development) and logs an
/// error, although it is the caller's mistake. The parse happens before any interceptor runs,
/// so the refusal is made in the request's marshaller.
/// </summary>
internal sealed class StrictRequestParsing<TService>(ErrorDomain domain, IServiceProvider services) : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        // An AddGrpc after AddRefusalErrors adds the framework's binder back: every method would be
        // mapped twice (and each call refused as ambiguous), so the service is not bound at all.
        if (services.GetServices<IServiceMethodProvider<TService>>().Any(p => StrictRequestParsing.IsFrameworkBinder(p.GetType())))
        {
            throw new InvalidOperationException(
                $"Grpc.AspNetCore's own binder is registered beside {nameof(StrictRequestParsing)} for {typeof(TService).Name}: call AddRefusalErrors after every AddGrpc.");
        }

        // Generated service bases carry [BindServiceMethod(typeof(Service), "BindService")], as the framework's binder reads it.
        var bind = typeof(TService).GetCustomAttribute<BindServiceMethodAttribute>(inherit: true);
        if (bind is null)
        {
            return;
        }

        var bindMethod = bind.BindType.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .SingleOrDefault(m => m.Name == bind.BindMethodName && m.GetParameters() is [{ ParameterType: var first }, _] && first == typeof(ServiceBinderBase))
            ?? throw new InvalidOperationException($"{bind.BindType} has no {bind.BindMethodName}(ServiceBinderBase, service)");
        var serviceBase = bindMethod.GetParameters()[1].ParameterType;
        bindMethod.Invoke(null, [new Binder(context, serviceBase, domain), null]);
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context, Type serviceBase, ErrorDomain domain) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
            where TRequest : class
            where TResponse : class
        {
            var (invoker, metadata) = Model<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name, typeof(TRequest), typeof(ServerCallContext));
            context.AddUnaryMethod(Strict(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
            where TRequest : class
            where TResponse : class
        {
            var (invoker, metadata) = Model<ServerStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(TRequest), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddServerStreamingMethod(Strict(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
            where TRequest : class
            where TResponse : class
        {
            var (invoker, metadata) = Model<ClientStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(ServerCallContext));
            context.AddClientStreamingMethod(Strict(method), metadata, invoker);
        }

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
            where TRequest : class
            where TResponse : class
        {
            var (invoker, metadata) = Model<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(
                method.Name, typeof(IAsyncStreamReader<TRequest>), typeof(IServerStreamWriter<TResponse>), typeof(ServerCallContext));
            context.AddDuplexStreamingMethod(Strict(method), metadata, invoker);
        }

        private Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var inner = method.RequestMarshaller;
            var descriptor = (Activator.CreateInstance<TRequest>() as IMessage)?.Descriptor;
            var marshaller = new Marshaller<TRequest>(inner.ContextualSerializer, deserialization =>
            {
                try
                {
                    return inner.ContextualDeserializer(deserialization);
                }
                catch (InvalidProtocolBufferException)
                {
                    var path = descriptor is null ? null : MalformedStrings.Find(deserialization.PayloadAsReadOnlySequence().ToArray(), descriptor);
                    throw RefusalInterceptor.ToRpc(Refusals.Malformed(path), domain.Name);
                }
            });
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, marshaller, method.ResponseMarshaller);
        }

        /// <summary>The handler and endpoint metadata of one method, found as Grpc.AspNetCore's own binder finds them (so [Authorize] and role attributes apply).</summary>
        private (TDelegate Invoker, List<object> Metadata) Model<TDelegate>(string name, params Type[] parameters)
            where TDelegate : Delegate
        {
            var handler = Handler(name, parameters) ?? throw new InvalidOperationException($"Could not find '{name}' on {typeof(TService)}.");
            var metadata = new List<object>();
            metadata.AddRange(typeof(TService).GetCustomAttributes(inherit: true));
            metadata.AddRange(handler.GetCustomAttributes(inherit: true));
            metadata.Add(new HttpMethodMetadata(["POST"], acceptCorsPreflight: true));
            return ((TDelegate)Delegate.CreateDelegate(typeof(TDelegate), handler), metadata);
        }

        /// <summary>The public override of the generated base's method, skipping methods that merely hide it.</summary>
        private MethodInfo? Handler(string name, Type[] parameters)
        {
            for (var type = typeof(TService); type is not null; type = type.BaseType)
            {
                var method = type.GetMethod(name, BindingFlags.Public | BindingFlags.Instance, null, parameters, null);
                if (method is null)
                {
                    return null;
                }

                if (method.IsVirtual && method.GetBaseDefinition().DeclaringType == serviceBase)
                {
                    return method;
                }
            }

            return null;
        }
    }
}

internal static class StrictRequestParsing
{
    /// <summary>True for Grpc.AspNetCore's own binder, <c>BinderServiceMethodProvider&lt;TService&gt;</c> (internal, so known by name), open or closed.</summary>
    public static bool IsFrameworkBinder(Type? type) =>
        type is { IsGenericType: true } && type.Assembly == typeof(IServiceMethodProvider<>).Assembly
        && type.GetGenericTypeDefinition().FullName == "Grpc.AspNetCore.Server.Model.Internal.BinderServiceMethodProvider`1";
}

/// <summary>Finds, in a message that failed to parse, the path of the first string field that is not UTF-8 ("claim.sources[0].quote").</summary>
internal static class MalformedStrings
{
    public static string? Find(byte[] payload, MessageDescriptor descriptor)
    {
        try
        {
            return Walk(new CodedInputStream(payload), descriptor, "");
        }
        catch (InvalidProtocolBufferException)
        {
            // The message is garbled before any bad string: there is no field to name.
            return null;
        }
    }

    private static string? Walk(CodedInputStream input, MessageDescriptor descriptor, string prefix)
    {
        var counts = new Dictionary<int, int>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field is null || WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited
                || field.FieldType is not (FieldType.String or FieldType.Message))
            {
                input.SkipLastField();
                continue;
            }

            var index = counts.GetValueOrDefault(number);
            counts[number] = index + 1;
            var path = prefix + field.Name + (field.IsRepeated ? $"[{index}]" : "");
            var bytes = input.ReadBytes();
            if (field.FieldType == FieldType.String)
            {
                if (!System.Text.Unicode.Utf8.IsValid(bytes.Span))
                {
                    return path;
                }
            }
            else if (Walk(new CodedInputStream(bytes.ToByteArray()), field.MessageType, path + ".") is { } inner)
            {
                return inner;
            }
        }

        return null;
    }
}
