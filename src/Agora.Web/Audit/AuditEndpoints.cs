using System.Text.Json;
using Agora.Platform;
using Agora.Platform.Audit;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Audit;

public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization();
        api.MapGet("/", Search);
        api.MapGet("/verify", Verify);
        return app;
    }

    /// <summary>Audit entries, newest first (operators: all; organisation admins: their organisation's).</summary>
    public static async Task<Ok<AuditPageResponse>> Search(HttpContext context, AuditQuery audit, string? action, string? actor, Guid? organisation,
        string? subject, DateTimeOffset? from, int? skip, int? take)
    {
        var caller = await context.GetActorAsync();
        var page = await audit.SearchAsync(caller, new AuditFilter
        {
            Action = action, Actor = actor, Organisation = organisation, Subject = subject, From = from, Skip = skip ?? 0, Take = take ?? 50,
        }, context.RequestAborted);
        return TypedResults.Ok(new AuditPageResponse(page.Total, [.. page.Entries.Select(e => new AuditEntryResponse(e.Sequence, e.At, e.Action,
            e.ActorId, page.ActorNames.GetValueOrDefault(e.ActorId ?? ""), e.OrganisationId, e.SubjectType, e.SubjectId,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(e.Details) ?? [], e.PreviousHash, e.Hash))]));
    }

    /// <summary>Verifies the whole chain and its signed checkpoints (platform operators).</summary>
    public static async Task<Ok<AuditVerification>> Verify(HttpContext context, AuditVerifier verifier)
    {
        var caller = await context.GetActorAsync();
        if (!caller.IsOperator)
        {
            throw new PlatformException(PlatformError.Forbidden, "Verifying the whole log is for platform operators.");
        }
        return TypedResults.Ok(await verifier.VerifyAsync(context.RequestAborted));
    }

    public sealed record AuditPageResponse(int Total, IReadOnlyList<AuditEntryResponse> Entries);

    public sealed record AuditEntryResponse(long Sequence, DateTimeOffset At, string Action, string? ActorId, string? ActorName,
        Guid? OrganisationId, string? SubjectType, string? SubjectId, IReadOnlyDictionary<string, string?> Details, string PreviousHash, string Hash);
}
