using System.Text.Json;
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
            BadHttpRequestException { InnerException: JsonException json } e => ToProblem(json, e.StatusCode),
            BadHttpRequestException e => new ProblemDetails { Status = e.StatusCode, Title = "The request is not valid.", Detail = e.Message },
            // A handler that reads the body itself with the API's options.
            JsonException e => ToProblem(e, StatusCodes.Status400BadRequest),
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

    private static readonly string[] Required = ["A value is required here; it cannot be left out or null."];

    private static readonly string[] Unreadable = ["This value is not valid JSON of the expected type here."];

    /// <summary>A body that is not JSON, has a value of the wrong type, or leaves out what its type requires: a 400
    /// naming each field by its path from the body's root (<c>columns[0].column</c>; empty for the body itself).</summary>
    public static ProblemDetails ToProblem(JsonException e, int status)
    {
        ArgumentNullException.ThrowIfNull(e);
        Dictionary<string, string[]> fields = e is MissingMembersException missing
            ? missing.Fields.Distinct(StringComparer.Ordinal).ToDictionary(f => f, _ => Required, StringComparer.Ordinal)
            : new(StringComparer.Ordinal) { [JsonPaths.Field(e.Path)] = Unreadable };
        return new HttpValidationProblemDetails(fields)
        {
            Status = status,
            Title = "The request body is not valid.",
            Detail = e is MissingMembersException
                ? "The request body leaves out required values or gives null for them: " + string.Join(", ", fields.Keys) + "."
                : $"The request body cannot be read at '{(e.Path is null ? "$" : e.Path)}'" + (e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})." : "."),
        };
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
