using Agora.Data.Profiling;
using Agora.Platform.Profiling;
using Agora.Web.Accounts;
using Agora.Web.Publishing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Profiling;

public static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/datasets").WithTags("Quality");
        api.MapGet("/{id:guid}/quality", GetQuality).AllowAnonymous();
        api.MapGet("/{id:guid}/versions/{number:int}/profile", ExportProfile).AllowAnonymous();
        api.MapPost("/{id:guid}/versions/{number:int}/profile", Reprofile).RequireAuthorization();
        api.MapGet("/{id:guid}/quality/rules", GetRules).AllowAnonymous();
        api.MapPut("/{id:guid}/quality/rules", DeclareRules).RequireAuthorization();
        return app;
    }

    /// <summary>The quality of a version (the newest by default): dimensions, failed checks and per-column counts for
    /// everyone who may see the dataset; the full profile (values) only for those who may read its data.</summary>
    public static async Task<Ok<QualityResponse>> GetQuality(HttpContext context, ProfileService profiles, Guid id, int? version)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(QualityResponse.From(await profiles.GetAsync(actor, id, version, context.RequestAborted)));
    }

    /// <summary>The version's profile as the agora.profile/1 JSON report (docs/profiling.md), for those who may read the data.</summary>
    public static async Task<ContentHttpResult> ExportProfile(HttpContext context, ProfileService profiles, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var profile = await profiles.ExportAsync(actor, id, number, context.RequestAborted);
        context.Response.Headers.ContentDisposition = $"inline; filename=\"profile-v{number}.json\"";
        return TypedResults.Content(ProfileJson.Serialize(profile), "application/json; charset=utf-8");
    }

    /// <summary>Profiles a version again (data stewards of the owner).</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> Reprofile(HttpContext context, ProfileService profiles, Guid id, int number)
    {
        var actor = await context.GetActorAsync();
        var job = await profiles.ReprofileAsync(actor, id, number, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    public static async Task<Ok<RulesResponse>> GetRules(HttpContext context, ProfileService profiles, Guid id)
    {
        var actor = await context.GetActorAsync();
        var (rules, revision) = await profiles.GetRulesAsync(actor, id, context.RequestAborted);
        return TypedResults.Ok(new RulesResponse(revision, rules.Columns, rules.Consistency));
    }

    /// <summary>Declares the dataset's column constraints and consistency rules (docs/profiling.md shows the shape) and
    /// re-profiles its newest version with them; answers the profiling job.</summary>
    public static async Task<Accepted<PublishingEndpoints.JobResponse>> DeclareRules(HttpContext context, ProfileService profiles, Guid id, RulesRequest request)
    {
        var actor = await context.GetActorAsync();
        var expectations = new QualityExpectations
        {
            Columns = request.Columns ?? new Dictionary<string, ColumnConstraints>(),
            Consistency = request.Consistency ?? [],
        };
        var job = await profiles.DeclareRulesAsync(actor, id, expectations, context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/{job!.Id}", PublishingEndpoints.JobResponse.From(job));
    }

    public sealed record RulesRequest(Dictionary<string, ColumnConstraints>? Columns, List<ConsistencyRule>? Consistency);

    public sealed record RulesResponse(int Revision, IReadOnlyDictionary<string, ColumnConstraints> Columns, IReadOnlyList<ConsistencyRule> Consistency);

    public sealed record TimelinessResponse(string? Frequency, double? PeriodDays, DateTimeOffset LastUpdated, double AgeDays);

    /// <summary>A version's quality; <c>profile</c> (statistics with values) is null for those who may not read the data.</summary>
    public sealed record QualityResponse(Guid DatasetId, Guid VersionId, int Version, string State, string? Message, DateTimeOffset? ProfiledAt, long Rows,
        QualityDimensions? Dimensions, TimelinessResponse Timeliness, IReadOnlyList<QualityFinding> Findings, IReadOnlyList<ColumnQuality> Columns,
        IReadOnlyList<string> Notes, bool RulesChangedSince, TableProfile? Profile)
    {
        public static QualityResponse From(QualityView v) => new(v.DatasetId, v.VersionId, v.VersionNumber, v.State.ToString(), v.Message, v.ProfiledAt, v.Rows,
            v.Dimensions, new TimelinessResponse(v.Timeliness.FrequencyCode, v.Timeliness.Period?.TotalDays, v.Timeliness.LastUpdated,
                Math.Round(v.Timeliness.Age.TotalDays, 2)), v.Findings, v.Columns, v.Notes, v.RulesChangedSince, v.Profile);
    }
}
