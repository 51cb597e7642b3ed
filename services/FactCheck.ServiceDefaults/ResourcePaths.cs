using System.Text.RegularExpressions;
using Google.Api;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Mvc.ApiExplorer;

namespace FactCheck.ServiceDefaults;

/// <summary>
/// Writes a resource name's collection into the OpenAPI paths. The gRPC Swagger provider writes a
/// path variable such as <c>{name=claims/*}</c> as <c>{name}</c>, which loses the collection: GetClaim
/// (<c>GET /v1/{name=claims/*}</c>) and GetWebhook (<c>GET /v1/{name=webhooks/*}</c>) would both be
/// <c>GET /v1/{name}</c>, which OpenAPI cannot hold twice, and a client would have to put
/// "claims/agreement" in one parameter, whose slash generated clients escape. Here such a variable
/// becomes its collection and the variable, <c>/v1/claims/{name}</c>: the URL a client builds from
/// it (<c>/v1/claims/agreement</c>) is the one the service routes. Runs after the gRPC provider.
/// </summary>
public sealed partial class ResourcePaths : IApiDescriptionProvider
{
    // Runs after Microsoft.AspNetCore.Grpc.Swagger's provider, whose descriptions it rewrites (the OpenAPI tests read the result).
    public int Order => 0;

    public void OnProvidersExecuting(ApiDescriptionProviderContext context)
    {
    }

    public void OnProvidersExecuted(ApiDescriptionProviderContext context)
    {
        foreach (var description in context.Results)
        {
            var rule = description.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault()?.HttpRule;
            if (rule is not null && Template(rule) is { Length: > 0 } template)
            {
                description.RelativePath = Path(template).TrimStart('/');
            }
        }
    }

    /// <summary>The path template of a rule, whatever its HTTP method.</summary>
    private static string Template(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => rule.Get,
        HttpRule.PatternOneofCase.Post => rule.Post,
        HttpRule.PatternOneofCase.Patch => rule.Patch,
        HttpRule.PatternOneofCase.Put => rule.Put,
        HttpRule.PatternOneofCase.Delete => rule.Delete,
        _ => "",
    };

    /// <summary>
    /// The template with each variable as a path parameter: one over a collection's member
    /// ("{name=claims/*}") as "claims/{name}", any other ("{name=webhooks/*/deliveries/*}", "{claim}") as "{name}".
    /// </summary>
    public static string Path(string template) => Variable().Replace(template, variable =>
        variable.Groups[2].Success && Collection().Match(variable.Groups[2].Value) is { Success: true } member
            ? $"{member.Groups[1].Value}/{{{variable.Groups[1].Value}}}"
            : $"{{{variable.Groups[1].Value}}}");

    [GeneratedRegex(@"\{([^=}]+)(?:=([^}]*))?\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)/\*$")]
    private static partial Regex Collection();
}
