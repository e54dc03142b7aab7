using System.Text.Json.Nodes;
using Agora.Data.Querying;
using Agora.Platform.Querying;
using Agora.Web.Accounts;
using Agora.Web.Agreements;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Agora.Web.Querying;

public static class QueryEndpoints
{
    public static IEndpointRouteBuilder MapQueryEndpoints(this IEndpointRouteBuilder app)
    {
        var queries = app.MapGroup("/api").WithTags("Compute-to-data");
        queries.MapPost("/agreements/{id:guid}/queries", Run).RequireAuthorization();
        queries.MapGet("/agreements/{id:guid}/queries", History).RequireAuthorization();
        queries.MapGet("/datasets/{id:guid}/algorithms", Algorithms).AllowAnonymous();
        queries.MapPost("/datasets/{id:guid}/algorithms", Register).RequireAuthorization();
        queries.MapDelete("/datasets/{id:guid}/algorithms/{name}", Retire).RequireAuthorization();
        return app;
    }

    /// <summary>Runs SQL (or an approved algorithm) under an agreement. Released output comes back with 95 % accuracy intervals
    /// under differential privacy; output held by disclosure control comes back without rows and goes to the provider's review.</summary>
    public static async Task<Ok<QueryResponse>> Run(HttpContext context, QueryService queries, Guid id, QueryRequestInput input)
    {
        var actor = await context.GetActorAsync();
        var answer = await queries.RunAsync(actor, id, new QueryInput(input.Sql, input.Algorithm, input.Arguments, input.Budget), context.RequestAborted);
        return TypedResults.Ok(QueryResponse.From(answer));
    }

    public static async Task<Ok<List<QueryRunResponse>>> History(HttpContext context, QueryService queries, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await queries.HistoryAsync(actor, id, context.RequestAborted)).Select(QueryRunResponse.From).ToList());
    }

    public static async Task<Ok<List<AlgorithmResponse>>> Algorithms(HttpContext context, AlgorithmRegistry registry, Guid id)
    {
        var actor = await context.GetActorAsync();
        return TypedResults.Ok((await registry.ListAsync(actor, id, context.RequestAborted)).Select(AlgorithmResponse.From).ToList());
    }

    public static async Task<Created<AlgorithmResponse>> Register(HttpContext context, AlgorithmRegistry registry, Guid id, AlgorithmInput input)
    {
        var actor = await context.GetActorAsync();
        var algorithm = await registry.RegisterAsync(actor, id, input.Name ?? "", input.Description ?? "", input.SqlTemplate ?? "", input.Parameters ?? [],
            context.RequestAborted);
        return TypedResults.Created($"/api/datasets/{id}/algorithms", AlgorithmResponse.From(algorithm));
    }

    public static async Task<NoContent> Retire(HttpContext context, AlgorithmRegistry registry, Guid id, string name)
    {
        var actor = await context.GetActorAsync();
        await registry.RetireAsync(actor, id, name, context.RequestAborted);
        return TypedResults.NoContent();
    }
}

public sealed record QueryRequestInput(string? Sql, string? Algorithm, Dictionary<string, string>? Arguments, double? Budget);

public sealed record AlgorithmInput(string? Name, string? Description, string? SqlTemplate, List<AlgorithmParameter>? Parameters);

public sealed record AlgorithmResponse(string Name, string Description, string SqlTemplate, IReadOnlyList<AlgorithmParameter> Parameters, DateTimeOffset CreatedAt)
{
    public static AlgorithmResponse From(RegisteredAlgorithm a) => new(a.Name, a.Description, a.SqlTemplate, a.ParameterList(), a.CreatedAt);
}

public sealed record CostResponse(string Measure, double Amount, double Delta);

public sealed record ColumnResponse(string Name, bool IsKey);

public sealed record AccuracyResponse(double Lower, double Upper, string Scale, double Confidence, string Explanation);

public sealed record CellResponse(JsonNode? Value, AccuracyResponse? Accuracy);

public sealed record QueryResponse(Guid RunId, string Status, string Protection, IReadOnlyList<ColumnResponse> Columns, IReadOnlyList<IReadOnlyList<CellResponse>> Rows,
    CostResponse? Cost, bool FromCache, BudgetResponse? Budget, IReadOnlyList<string> Notes, IReadOnlyList<string> Explanation, Guid? HeldOutputId, string Sql,
    string SqlHash)
{
    public static QueryResponse From(QueryAnswerView answer)
    {
        var result = answer.Result;
        return new QueryResponse(answer.Run.Id, result.Status.ToString(), result.Protection.ToString(),
            [.. result.Columns.Select(c => new ColumnResponse(c.Name, c.IsKey))],
            [.. result.Rows.Select(r => (IReadOnlyList<CellResponse>)[.. r.Select(c => new CellResponse(ResultTable.PlainValue(c.Value),
                c.Accuracy is { } a ? new AccuracyResponse(a.Lower, a.Upper, a.Scale.ToString(), a.Confidence, a.Explanation) : null))])],
            result.Cost is { } cost ? new CostResponse(cost.Measure == Agora.Privacy.DifferentialPrivacy.PrivacyMeasure.PureDp ? "epsilon" : "rho", cost.Amount, cost.Delta) : null,
            result.FromCache, BudgetResponse.From(answer.Budget), result.Notes, answer.Explanation, answer.Run.HeldOutputId, answer.Run.Sql, answer.Run.SqlHash);
    }
}

public sealed record QueryRunResponse(Guid Id, string? Algorithm, string Sql, string SqlHash, string Outcome, string? Rule, string? Message, double Cost,
    bool FromCache, Guid? HeldOutputId, DateTimeOffset At)
{
    public static QueryRunResponse From(QueryRun r) => new(r.Id, r.AlgorithmName, r.Sql, r.SqlHash, r.Outcome.ToString(), r.Rule, r.Message, r.Cost,
        r.FromCache, r.HeldOutputId, r.At);
}
