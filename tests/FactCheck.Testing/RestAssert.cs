using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Xunit;

namespace FactCheck.Testing;

/// <summary>
/// Calls on a service's REST port and asserts on the answers: a success's JSON (as a proto message
/// of the contract), or an error's google.rpc.Status with its details, as a REST caller reads them.
/// </summary>
public static class RestAssert
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithTypeRegistry(TypeRegistry.FromFiles(ErrorDetailsReflection.Descriptor)));

    /// <summary>An HTTP/1.1 client of <paramref name="address"/> presenting <paramref name="key"/> as <c>Authorization: Bearer</c> (none when null).</summary>
    public static HttpClient Client(Uri address, TestKey? key, HttpMessageHandler? handler = null)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: true);
        http.BaseAddress = address;
        http.Timeout = TimeSpan.FromSeconds(30);
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
        }

        return http;
    }

    /// <summary>A JSON body, as the proto JSON of <paramref name="message"/> or as JSON text.</summary>
    public static StringContent Json(IMessage message) => Json(JsonFormatter.Default.Format(message));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Requires a 2xx answer in JSON and reads it as <typeparamref name="T"/>.</summary>
    public static async Task<T> Ok<T>(HttpResponseMessage response)
        where T : IMessage<T>, new()
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"expected success, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return Parser.Parse<T>(body);
    }

    /// <summary>Requires HTTP <paramref name="status"/> with the JSON form of a google.rpc.Status of <paramref name="code"/>, and returns the status.</summary>
    public static async Task<Google.Rpc.Status> Fails(HttpStatusCode status, Code code, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = Parser.Parse<Google.Rpc.Status>(body);
        Assert.True((int)code == error.Code, $"expected {code}, got {(Code)error.Code}: {body}");
        return error;
    }

    public static ErrorInfo Info(Google.Rpc.Status error) =>
        error.Details.FirstOrDefault(d => d.Is(ErrorInfo.Descriptor))?.Unpack<ErrorInfo>() ?? throw new Xunit.Sdk.XunitException($"error carries no google.rpc.ErrorInfo: {error}");

    /// <summary>The BadRequest violations, descriptions keyed by field.</summary>
    public static Dictionary<string, string> Violations(Google.Rpc.Status error) =>
        (error.Details.FirstOrDefault(d => d.Is(BadRequest.Descriptor))?.Unpack<BadRequest>() ?? throw new Xunit.Sdk.XunitException($"error carries no google.rpc.BadRequest: {error}"))
        .FieldViolations.ToDictionary(v => v.Field, v => v.Description);

    /// <summary>Every (HTTP method, path template) the google.api.http options of <paramref name="service"/> map, as the protos write them ("/v1/{name=claims/*}").</summary>
    public static IReadOnlyList<(string Method, string Template)> Templates(ServiceDescriptor service) =>
        service.Methods.Select(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http)).OfType<HttpRule>()
            .Select(rule => rule.PatternCase switch
            {
                HttpRule.PatternOneofCase.Get => ("get", rule.Get),
                HttpRule.PatternOneofCase.Post => ("post", rule.Post),
                HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
                HttpRule.PatternOneofCase.Put => ("put", rule.Put),
                HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
                _ => throw new InvalidOperationException($"unexpected mapping {rule}"),
            })
            .ToList();

    /// <summary>
    /// Every (HTTP method, path) <paramref name="service"/> maps, with each path variable written
    /// as the OpenAPI document writes it ("/v1/{name=claims/*}" is "/v1/claims/{name}").
    /// </summary>
    public static IReadOnlyList<(string Method, string Path)> Mappings(ServiceDescriptor service) =>
        Templates(service).Select(m => (m.Method, FactCheck.ServiceDefaults.ResourcePaths.Path(m.Template))).ToList();

    /// <summary>Every (HTTP method, path) an OpenAPI document lists.</summary>
    public static IReadOnlyList<(string Method, string Path)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (operation.Name, path.Name)))
            .ToList();
}
