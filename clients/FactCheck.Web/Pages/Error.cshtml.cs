using FactCheck.Web.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace FactCheck.Web.Pages;

/// <summary>
/// The page for every error status (the status code pages and the exception handler re-execute
/// it): what happened in words, never a stack trace. Reached directly (/error/404), it answers 404.
/// </summary>
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "";

    public string Explanation { get; private set; } = "";

    public string? Detail { get; private set; }

    public void OnGet(int code)
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || HttpContext.Features.Get<IExceptionHandlerPathFeature>() is not null;
        if (!reExecuted)
        {
            code = StatusCodes.Status404NotFound;
        }

        Response.StatusCode = code;
        Detail = HttpContext.Items[ServiceOutcomeFilter.ErrorDetail] as string;
        (Title, Explanation) = code switch
        {
            StatusCodes.Status404NotFound => ("Not found", "There is no page at this address. If it was a claim's page, no claim has this id."),
            StatusCodes.Status400BadRequest => ("Bad request", "This address asks for something the claims cannot be filtered by."),
            StatusCodes.Status405MethodNotAllowed => ("Not allowed", "These pages can only be read."),
            StatusCodes.Status503ServiceUnavailable => ("Claims temporarily unavailable", "The claims could not be read just now: a service behind these pages is not answering. Please try again in a minute."),
            _ => ("Something went wrong", "This page could not be shown. Please try again later."),
        };
    }
}
