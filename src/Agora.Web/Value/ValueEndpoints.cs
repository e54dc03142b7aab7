using Agora.Platform.Value;
using Agora.Web.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Value;

public static class ValueEndpoints
{
    public static IEndpointRouteBuilder MapValueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/datasets/{id:guid}/value", GetValue).WithTags("Value").AllowAnonymous();
        return app;
    }

    /// <summary>The explainable value report of a dataset (docs/value.md): the score and, per part, its value, why, what
    /// would raise it and the figures behind it.</summary>
    public static async Task<Ok<ValueResponse>> GetValue(HttpContext context, ValueReportService value, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok(ValueResponse.From(await value.ForDatasetAsync(actor, id, context.RequestAborted)));
    }

    public sealed record TextResponse(string Text, string Template, IReadOnlyList<object> Arguments)
    {
        public static TextResponse From(ValueText t) => new(t.English, t.Template, t.Arguments);
    }

    public sealed record PartResponse(string Part, double? Score, double Weight, IReadOnlyList<TextResponse> Why, IReadOnlyList<TextResponse> Raise,
        IReadOnlyDictionary<string, double> Figures);

    public sealed record ValueResponse(Guid DatasetId, int? Version, DateTimeOffset ComputedAt, double Score, IReadOnlyList<PartResponse> Parts)
    {
        public static ValueResponse From(ValueReport r) => new(r.DatasetId, r.VersionNumber, r.ComputedAt, r.Score,
            [.. r.Parts.Select(p => new PartResponse(p.Part, p.Score, p.Weight, [.. p.Why.Select(TextResponse.From)], [.. p.Raise.Select(TextResponse.From)], p.Figures))]);
    }
}
