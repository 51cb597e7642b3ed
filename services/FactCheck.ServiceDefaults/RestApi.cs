using System.Globalization;
using FactCheck.GrpcEdge;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi.Models;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// REST beside gRPC: gRPC JSON transcoding serves each method at the path of its google.api.http
/// option in the protos, through the same interceptors, keys, roles and limits as its gRPC form,
/// and an OpenAPI document describes them at <see cref="OpenApiPath"/>.
/// </summary>
public static class RestApi
{
    /// <summary>Where each service serves its OpenAPI document.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    /// <summary>Every google.rpc error detail (ErrorInfo, BadRequest, QuotaFailure...), for writing a status's details as JSON.</summary>
    private static readonly TypeRegistry ErrorDetails = TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor);

    /// <summary>google.rpc.Status as JSON the way transcoding writes it: every field, defaults included, and each detail with its @type.</summary>
    private static readonly JsonFormatter StatusJson = new(JsonFormatter.Settings.Default.WithTypeRegistry(ErrorDetails).WithFormatDefaultValues(true));

    /// <summary>The contract's generated code with the proto comments, copied beside each service's assembly.</summary>
    private const string ContractDocumentation = "FactCheck.Contracts.xml";

    /// <summary>
    /// Adds JSON transcoding to <paramref name="grpc"/> and the OpenAPI document, titled
    /// <paramref name="title"/>. Errors reach REST callers as the JSON form of google.rpc.Status:
    /// transcoding reads the details from the status details trailer the services' one error path
    /// (RpcErrors) sets, and writes each as JSON when its type is in the registry here, which holds
    /// every google.rpc error detail (ErrorInfo, BadRequest, QuotaFailure...).
    /// </summary>
    public static void AddRestApi(this IServiceCollection services, IGrpcServerBuilder grpc, string title)
    {
        grpc.AddJsonTranscoding(o => o.TypeRegistry = ErrorDetails);
        services.AddGrpcSwagger();
        services.TryAddEnumerable(Microsoft.Extensions.DependencyInjection.ServiceDescriptor.Singleton<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionProvider, ResourcePaths>());
        services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = title,
                Version = "v1",
                Description = "The REST form of the gRPC API (factcheck.v1): the same methods, keys, roles and errors. Send the API key as 'Authorization: Bearer <key>'.",
            });
            var bearer = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key of the service (docs/security.md, \"API keys\").",
                Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "apiKey" },
            };
            // Nested proto types share short names (Webhook.Types.State, WebhookDelivery.Types.State):
            // a schema is named by its type's path within the contract namespace, dots for nesting.
            swagger.CustomSchemaIds(SchemaId);
            swagger.AddSecurityDefinition("apiKey", bearer);
            swagger.AddSecurityRequirement(new OpenApiSecurityRequirement { [bearer] = [] });
            var documentation = Path.Combine(AppContext.BaseDirectory, ContractDocumentation);
            if (File.Exists(documentation))
            {
                swagger.IncludeXmlComments(documentation);
                swagger.IncludeGrpcXmlComments(documentation, includeControllerXmlComments: true);
            }
        });
    }

    /// <summary>Swashbuckle's default name ("RepeatedFieldOfString"), prefixed for a nested type by the message it is nested in ("Webhook.State").</summary>
    private static string SchemaId(Type type)
    {
        var name = type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaId))
            : type.Name;
        // Protobuf nests a message's enums and messages in its static "Types" class.
        var outer = type.DeclaringType is { Name: "Types", DeclaringType: { } message } ? message : type.DeclaringType;
        return outer is null ? name : $"{SchemaId(outer)}.{name}";
    }

    /// <summary>
    /// Serves the OpenAPI document at <see cref="OpenApiPath"/>, to any caller (it describes the
    /// API and holds no data), and holds REST requests to the gRPC message limit.
    /// </summary>
    public static void MapRestApi(this WebApplication app)
    {
        app.Use(LimitBodySize);
        app.UseSwagger(o => o.RouteTemplate = OpenApiPath.TrimStart('/').Replace("v1", "{documentName}", StringComparison.Ordinal));
    }

    /// <summary>Writes <paramref name="status"/> as the JSON answer to a REST call, with <paramref name="httpStatus"/>.</summary>
    public static async Task WriteErrorAsync(Microsoft.AspNetCore.Http.HttpResponse response, int httpStatus, Google.Rpc.Status status)
    {
        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(StatusJson.Format(status));
    }

    /// <summary>
    /// A JSON body larger than <c>Limits:MaxMessageBytes</c> is refused as gRPC refuses such a
    /// message (RESOURCE_EXHAUSTED), here before it is read, with ErrorInfo naming the setting and
    /// HTTP 413: retrying later would not help, as 429 would suggest. A body sent without its length
    /// is cut off at the limit while it is read, which transcoding answers INVALID_ARGUMENT
    /// ("Request body too large").
    /// </summary>
    private static async Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) ?? true)
        {
            var limit = context.RequestServices.GetRequiredService<IOptions<MessageLimits>>().Value.MaxMessageBytes;
            if (context.Request.ContentLength > limit)
            {
                var refusal = RpcErrors.Create(Code.ResourceExhausted,
                    $"the request body is {context.Request.ContentLength} bytes; this service reads at most {limit} ({MessageLimits.Setting})",
                    context.RequestServices.GetRequiredService<ErrorDomain>().Name, "MESSAGE_TOO_LARGE", new Dictionary<string, string>
                    {
                        ["setting"] = MessageLimits.Setting,
                        ["limit"] = limit.ToString(CultureInfo.InvariantCulture),
                    });
                await WriteErrorAsync(context.Response, StatusCodes.Status413PayloadTooLarge, refusal.GetRpcStatus()!);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = limit;
            }
        }

        await next(context);
    }
}
