namespace FactCheck.Web;

/// <summary>
/// What every response carries, and what no request may do. The pages load nothing from anywhere
/// else: the Content-Security-Policy allows the site's own scripts, styles, images and event
/// stream and nothing inline, no framing, no base URL and forms only to the site itself. Readers
/// only read: any method but GET and HEAD is refused (405) before anything runs.
/// </summary>
public static class ReaderHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static IApplicationBuilder UseReaderHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        // When the response starts, so that an error page (whose handler clears the headers) carries them too.
        context.Response.OnStarting(() =>
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            headers.Allow = "GET, HEAD";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("These pages are read-only: only GET and HEAD are served.\n");
            return;
        }

        await next(context);
    });
}
