using Agora.Data.Files;
using Agora.Platform;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Agora.Web.ErrorHandling;

/// <summary>Turns the platform's refusals into RFC 9457 ProblemDetails with the right status code.</summary>
public sealed class PlatformExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (Hosting.AgoraWebApplication.WantsHtml(httpContext))
        {
            // Browsers get the error page from the HTML branch's handler.
            return false;
        }
        ProblemDetails? problem = exception switch
        {
            PlatformException e => ToProblem(e),
            TabularFileException e => new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The file cannot be read.", Detail = e.Message },
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "The request is not valid.", Detail = e.Message },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    public static ProblemDetails ToProblem(PlatformException e)
    {
        var status = StatusOf(e.Error);
        ProblemDetails problem = e.Fields is { Count: > 0 } fields
            ? new HttpValidationProblemDetails(fields.ToDictionary(f => f.Key, f => f.Value))
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = TitleOf(e.Error);
        problem.Detail = e.Message;
        return problem;
    }

    public static int StatusOf(PlatformError error) => error switch
    {
        PlatformError.Validation => StatusCodes.Status400BadRequest,
        PlatformError.Unauthenticated => StatusCodes.Status401Unauthorized,
        PlatformError.Forbidden => StatusCodes.Status403Forbidden,
        PlatformError.NotFound => StatusCodes.Status404NotFound,
        PlatformError.Conflict => StatusCodes.Status409Conflict,
        PlatformError.TooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string TitleOf(PlatformError error) => error switch
    {
        PlatformError.Validation => "The request is not valid.",
        PlatformError.Unauthenticated => "Sign in first.",
        PlatformError.Forbidden => "You may not do this.",
        PlatformError.NotFound => "Not found.",
        PlatformError.Conflict => "The current state does not allow this.",
        PlatformError.TooLarge => "Too large.",
        _ => "The request cannot be handled.",
    };
}
