using Agora.Platform.HumanCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Agora.Web.HumanCheck;

/// <summary>The verdict on a form's human check, with the sentence to show (an English UI string, translated by the page).</summary>
public sealed record HumanCheckVerdict(HumanCheckOutcome Outcome)
{
    public bool Passed => Outcome == HumanCheckOutcome.Passed;

    public string Message => Label(Outcome);

    public static string Label(HumanCheckOutcome outcome) => outcome switch
    {
        HumanCheckOutcome.Passed => string.Empty,
        HumanCheckOutcome.Missing => "Complete the check that you are a person, or ask for a link by e-mail.",
        HumanCheckOutcome.Expired => "The check expired. Please run it again.",
        HumanCheckOutcome.Replayed => "This check was already used. Please run it again.",
        _ => "The check could not be verified. Please run it again, or ask for a link by e-mail.",
    };
}

/// <summary>
/// The server side of the human check, for any form: reads the widget's solution (field <c>altcha</c>) or the e-mailed
/// pass (field <c>human-pass</c>), verifies it for the form's action and spends it, atomically and once. Pages call
/// <see cref="VerifyAsync"/> before doing anything; minimal API form endpoints use <see cref="HumanCheckEndpointExtensions.RequireHumanCheck"/>.
/// Render the widget with <c>&lt;HumanCheckField Action="…" /&gt;</c>.
/// </summary>
public sealed partial class HumanCheckGate(HumanCheckService checks, SpentChallengeStore spent, ILogger<HumanCheckGate> logger)
{
    public const string SolutionField = "altcha";
    public const string PassField = "human-pass";

    /// <summary>Verifies and spends the check of the posted form. <paramref name="email"/> is the address the form is
    /// about (sign-up); an e-mailed pass must have been sent to it.</summary>
    public async Task<HumanCheckVerdict> VerifyAsync(HttpContext context, string action, string? email = null)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        return await VerifyAsync(form?[SolutionField].ToString(), form?[PassField].ToString(), action, email, context.RequestAborted);
    }

    public async Task<HumanCheckVerdict> VerifyAsync(string? solution, string? pass, string action, string? email, CancellationToken cancellationToken)
    {
        HumanCheckOutcome outcome;
        (string Key, DateTimeOffset ExpiresAt) spend = default;
        if (!string.IsNullOrWhiteSpace(pass))
        {
            outcome = checks.CheckEmailPass(pass, action, email, out spend);
        }
        else
        {
            var (parsed, problem) = AltchaPayload.Parse(solution);
            outcome = problem switch
            {
                PayloadProblem.None => checks.Check(parsed!, action),
                PayloadProblem.Missing => HumanCheckOutcome.Missing,
                _ => HumanCheckOutcome.Malformed,
            };
            if (outcome == HumanCheckOutcome.Passed)
            {
                spend = HumanCheckService.SpendKey(parsed!);
            }
        }
        // Spent only after every check passed, and before the form does anything: of two submissions, one wins.
        if (outcome == HumanCheckOutcome.Passed && !await spent.TryClaimAsync(spend.Key!, spend.ExpiresAt, cancellationToken))
        {
            outcome = HumanCheckOutcome.Replayed;
        }
        if (outcome != HumanCheckOutcome.Passed)
        {
            LogRefused(logger, action, outcome);
        }
        return new HumanCheckVerdict(outcome);
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Human check for {Action} refused: {Outcome}")]
    private static partial void LogRefused(ILogger logger, string action, HumanCheckOutcome outcome);
}

/// <summary>Marks a page or endpoint as a form strangers post (sign-up, sign-in, access requests, the e-mail link
/// form, the challenge itself): its posts count against the stricter per-network rate limit.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class ProtectedFormAttribute : Attribute;

public static class HumanCheckEndpointExtensions
{
    /// <summary>Requires a solved human check (or an e-mailed pass) for <paramref name="action"/> on a form endpoint;
    /// answers 403 ProblemDetails otherwise.</summary>
    public static RouteHandlerBuilder RequireHumanCheck(this RouteHandlerBuilder builder, string action) =>
        builder.WithMetadata(new ProtectedFormAttribute()).AddEndpointFilter(async (context, next) =>
        {
            var gate = context.HttpContext.RequestServices.GetRequiredService<HumanCheckGate>();
            var verdict = await gate.VerifyAsync(context.HttpContext, action);
            if (!verdict.Passed)
            {
                return TypedResults.Problem(title: "The human check failed.", detail: verdict.Message, statusCode: StatusCodes.Status403Forbidden,
                    extensions: new Dictionary<string, object?> { ["outcome"] = verdict.Outcome.ToString() });
            }
            return await next(context);
        });
}
