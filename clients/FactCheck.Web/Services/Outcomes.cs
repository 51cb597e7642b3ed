using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace FactCheck.Web.Services;

/// <summary>
/// A service's answer as the page's HTTP status: a service down or too slow is a 503 page,
/// a request the service refuses (a bad filter or page token in the address) a 400 page, a
/// missing claim a 404 page. The status code pages then render the page for the code; nothing
/// reaches the reader as a stack trace.
/// </summary>
public static class Outcomes
{
    public static bool IsOutage(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted;

    public static int HttpStatus(StatusCode code) => code switch
    {
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.InvalidArgument or StatusCode.OutOfRange or StatusCode.FailedPrecondition => StatusCodes.Status400BadRequest,
        _ when IsOutage(code) => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status502BadGateway,
    };
}

/// <summary>Turns a failed call to a service, anywhere in a page's handler, into that page's status code (see <see cref="Outcomes"/>).</summary>
public sealed class ServiceOutcomeFilter(ILogger<ServiceOutcomeFilter> logger) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is RpcException e && !executed.ExceptionHandled)
        {
            var status = Outcomes.HttpStatus(e.StatusCode);
            logger.LogWarning("{Path}: a service answered {Code} ({Detail}); the page is a {HttpStatus}",
                context.HttpContext.Request.Path.Value, e.StatusCode, e.Status.Detail, status);
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                context.HttpContext.Response.Headers.RetryAfter = "30";
            }

            // Carried to the error page, which says which kind of problem it was.
            context.HttpContext.Items[ErrorDetail] = status == StatusCodes.Status400BadRequest ? e.Status.Detail : null;
            executed.ExceptionHandled = true;
            executed.Result = new StatusCodeResult(status);
        }
    }

    public const string ErrorDetail = "FactCheck.Web.ErrorDetail";
}
