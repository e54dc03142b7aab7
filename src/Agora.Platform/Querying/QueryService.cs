using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Agora.Data.Querying;
using Agora.Data.Storage;
using Agora.Platform.Agreements;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Platform.Offers;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Agora.Platform.Releases;
using Agora.Privacy.Disclosure;
using Agora.Privacy.DifferentialPrivacy;
using Agora.Privacy.Keys;
using Agora.Privacy.Policies;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Querying;

/// <summary>A query to run under an agreement: free SQL, or an approved algorithm with its arguments. <see cref="Budget"/>
/// is the ε (or ρ) to spend on it under differential privacy; by default the agreement's per-query share.</summary>
public sealed record QueryInput(string? Sql, string? Algorithm = null, IReadOnlyDictionary<string, string>? Arguments = null, double? Budget = null);

/// <summary>What a consumer gets back: the run, the released output (null when held for review), the budget after it.</summary>
public sealed record QueryAnswerView(QueryRun Run, QueryResult Result, PrivacyBudgetAccount? Budget, IReadOnlyList<string> Explanation,
    PolicyDecision Decision);

/// <summary>
/// Compute-to-data on the platform: checks the agreement (hash, signature, revocation, expiry), judges the use against its
/// policy, plans the query with the engine, counts the use, charges the budget atomically before anything runs, runs it in
/// the sandbox against the exact granted version, and records the run (SQL and its hash, never results). Outputs that
/// disclosure control holds go to the provider's release queue.
/// </summary>
public sealed class QueryService(AgoraDbContext db, AgreementService agreements, BudgetLedger ledger, DataPlane data, PlatformKeys keys,
    ControlledQueryEngine engine, AccessAudit audit, TimeProvider clock)
{
    /// <summary>Without a per-query cap, a query spends this share of the total budget by default.</summary>
    public const double DefaultShareOfBudget = 0.1;

    /// <summary>The refusal rule for policy decisions (the engine's rules are in <see cref="QueryRules"/>).</summary>
    public const string PolicyRule = "policy";

    public const string UsesRule = "uses";

    public async Task<QueryAnswerView> RunAsync(Actor actor, Guid agreementId, QueryInput input, CancellationToken cancellationToken)
    {
        var usable = await agreements.OpenForUseAsync(actor, agreementId, cancellationToken);
        var document = usable.Document;
        var now = clock.GetUtcNow();
        string sql;
        string? algorithmName = null;
        var action = PolicyVocabulary.AggregateQuery;
        if (!string.IsNullOrWhiteSpace(input.Algorithm))
        {
            action = PolicyVocabulary.ApprovedAlgorithm;
            algorithmName = input.Algorithm.Trim();
            var registered = await db.Set<RegisteredAlgorithm>().AsNoTracking()
                .SingleOrDefaultAsync(a => a.DatasetId == document.Dataset.Id && a.Name == algorithmName && a.RetiredAt == null, cancellationToken)
                ?? throw new PlatformException(PlatformError.NotFound, $"The dataset has no approved algorithm '{algorithmName}'.");
            try
            {
                sql = registered.ToApproved().Render(input.Arguments ?? new Dictionary<string, string>());
            }
            catch (QueryRefusedException e)
            {
                throw await RefuseAsync(actor, usable, registered.SqlTemplate, algorithmName, e.Rule, e.Message, null, cancellationToken);
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(input.Sql))
            {
                throw new PlatformException(PlatformError.Validation, "Write the SQL to run.", new Dictionary<string, string[]> { ["sql"] = ["The SQL is empty."] });
            }
            sql = input.Sql;
        }

        var run = NewRun(actor, usable, sql, algorithmName, now);
        var decision = new PolicyEvaluator().Evaluate(usable.Policy, new UsageRequest(action, OfferService.Target(document.Dataset.VersionId),
            document.Purpose, document.Consumer.Id.ToString(), document.Consumer.Kind, now, usable.Agreement.Uses));
        if (!decision.Permitted)
        {
            throw await RefuseAsync(actor, usable, sql, algorithmName, PolicyRule, decision.Summary,
                [.. decision.Reasons.Where(r => !r.Holds).Select(r => r.Explanation)], cancellationToken, PlatformError.Forbidden);
        }

        OutputProtection protection;
        PrivacyBudgetAccount? account = null;
        if (decision.OutputControl == OutputControlKind.DifferentialPrivacy)
        {
            var budget = decision.Budget ?? throw await RefuseAsync(actor, usable, sql, algorithmName, PolicyRule,
                "The agreement demands differential privacy but sets no privacy budget.", null, cancellationToken, PlatformError.Forbidden);
            account = await ledger.FindAsync(document.Consumer.Id, document.Dataset.Id, cancellationToken)
                ?? throw await RefuseAsync(actor, usable, sql, algorithmName, QueryRules.PrivacyBudget, "No privacy budget was opened for this agreement.",
                    null, cancellationToken, PlatformError.Forbidden);
            var amount = input.Budget ?? budget.PerQuery?.Amount ?? budget.Total.Amount * DefaultShareOfBudget;
            if (!(amount > 0) || !double.IsFinite(amount))
            {
                throw new PlatformException(PlatformError.Validation, "The budget of a query is a number above 0.",
                    new Dictionary<string, string[]> { ["budget"] = ["Give a positive ε (or ρ) for this query."] });
            }
            // δ is shared in proportion to ε, so δ runs out no sooner than ε.
            var delta = budget.Total.Amount > 0 ? budget.Total.Delta * Math.Min(1, amount / budget.Total.Amount) : 0;
            var cost = budget.Total.Measure == PrivacyMeasure.PureDp ? PrivacyCost.Pure(amount, delta) : PrivacyCost.Zcdp(amount, delta);
            protection = new DifferentialPrivacyProtection(cost);
        }
        else
        {
            protection = new DisclosureControlProtection(DisclosureRules.Default);
        }

        var version = await db.DatasetVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == document.Dataset.VersionId, cancellationToken);
        if (version is null || !string.Equals(version.ContentHash, document.Dataset.ContentHash, StringComparison.Ordinal))
        {
            throw await RefuseAsync(actor, usable, sql, algorithmName, "agreement", "The granted version is no longer stored as the agreement names it.",
                null, cancellationToken, PlatformError.Conflict);
        }
        var dataKey = keys.Ring.Unwrap(WrappedKey.Parse(version.WrappedKey), VersionStore.KeyPurpose(version.ContentHash));
        try
        {
            var relation = new GrantedRelation(document.Relation, data.Store.PathOf(version.ContentHash), version.ContentHash)
            {
                EncryptionKey = dataKey,
                Privacy = document.Privacy.ToRelationPrivacy(),
            };
            PreparedQuery prepared;
            try
            {
                prepared = engine.Prepare(new QueryRequest(sql, [relation], protection));
            }
            catch (QueryRefusedException e)
            {
                throw await RefuseAsync(actor, usable, sql, algorithmName, e.Rule, e.Message, null, cancellationToken);
            }
            if (prepared.Plan is not null)
            {
                // The per-query cap and the total, judged by the policy (what remains is checked atomically by the gate).
                var budgetDecision = new PolicyEvaluator().Evaluate(usable.Policy, new UsageRequest(action, OfferService.Target(document.Dataset.VersionId),
                    document.Purpose, document.Consumer.Id.ToString(), document.Consumer.Kind, now, usable.Agreement.Uses)
                {
                    OutputControl = OutputControlKind.DifferentialPrivacy,
                    RequestedCost = prepared.Cost,
                });
                if (!budgetDecision.Permitted)
                {
                    throw await RefuseAsync(actor, usable, sql, algorithmName, QueryRules.PrivacyBudget, budgetDecision.Summary,
                        [.. budgetDecision.Reasons.Where(r => !r.Holds).Select(r => r.Explanation)], cancellationToken, PlatformError.Forbidden);
                }
            }
            var maxUses = OfferTerms.FromPolicy(usable.Policy, document.Privacy).MaxUses;
            if (!await agreements.CountUseAsync(usable.Agreement.Id, maxUses, cancellationToken))
            {
                throw await RefuseAsync(actor, usable, sql, algorithmName, UsesRule,
                    string.Create(CultureInfo.InvariantCulture, $"The agreement allows {maxUses} use(s), and all have been made."), null, cancellationToken,
                    PlatformError.Forbidden);
            }

            QueryResult result;
            try
            {
                result = await engine.RunAsync(prepared, account is null ? null : ledger.Gate(account.Id, usable.Agreement.Id, run.Id), cancellationToken);
            }
            catch (QueryRefusedException e)
            {
                throw await RefuseAsync(actor, usable, sql, algorithmName, e.Rule, e.Message, null, cancellationToken, PlatformError.Forbidden, run.Id);
            }
            catch (QueryFailedException e)
            {
                run.Outcome = QueryOutcome.Failed;
                run.Message = SafeFailureMessage(e);
                await SaveRunAsync(run, cancellationToken);
                await audit.RecordAsync(AccessAudit.QueryFailed, actor, document.Consumer.Id, "query", run.Id, Details(run), cancellationToken);
                throw new PlatformException(PlatformError.Validation, run.Message);
            }

            run.Cost = result.Cost?.Amount ?? 0;
            run.CostDelta = result.Cost?.Delta ?? 0;
            run.FromCache = result.FromCache;
            if (result.Status == ReleaseStatus.HeldForReview)
            {
                var held = new HeldOutput
                {
                    QueryRunId = run.Id, AgreementId = usable.Agreement.Id, DatasetId = document.Dataset.Id, ProviderOrganisationId = document.Provider.Id,
                    ConsumerOrganisationId = document.Consumer.Id, RequestedById = run.UserId, Sql = sql,
                    Output = ResultTable.ToJson(result.Columns, result.HeldRows ?? []).ToJsonString(),
                    Findings = new JsonArray([.. (result.Disclosure?.Findings ?? []).Select(f => (JsonNode)new JsonObject
                    {
                        ["rule"] = f.Rule.ToString(), ["row"] = f.Row, ["column"] = f.Column, ["reviewOnly"] = f.NeedsReviewOnly, ["message"] = f.Message,
                    })]).ToJsonString(),
                    ReviewsRequired = Math.Clamp(document.ReviewersRequired, 1, 2), State = ReleaseState.Pending, CreatedAt = now,
                };
                db.Add(held);
                run.Outcome = QueryOutcome.HeldForReview;
                run.HeldOutputId = held.Id;
                run.Message = result.Disclosure?.Summary;
            }
            else
            {
                run.Outcome = QueryOutcome.Released;
            }
            await SaveRunAsync(run, cancellationToken);
            await audit.RecordAsync(run.Outcome == QueryOutcome.Released ? AccessAudit.QueryReleased : AccessAudit.QueryHeld, actor, document.Consumer.Id,
                "query", run.Id, Details(run), cancellationToken);
            var after = account is null ? null : await ledger.FindAsync(document.Consumer.Id, document.Dataset.Id, cancellationToken);
            return new QueryAnswerView(run, result with { HeldRows = null }, after, prepared.Explanation, decision);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    /// <summary>The runs of an agreement, newest first (SQL, outcome, cost; never results).</summary>
    public async Task<List<QueryRun>> HistoryAsync(Actor actor, Guid agreementId, CancellationToken cancellationToken)
    {
        await agreements.GetAsync(actor, agreementId, cancellationToken);
        var runs = await db.Set<QueryRun>().AsNoTracking().Where(r => r.AgreementId == agreementId).ToListAsync(cancellationToken);
        return [.. runs.OrderByDescending(r => r.At).Take(100)];
    }

    /// <summary>
    /// What a consumer may read of a failure. DuckDB's messages can quote cell values ("could not convert string 'Schmit'"),
    /// which would let a query read data through its errors, so only failures that cannot depend on the data (limits,
    /// parsing, binding) are shown in full.
    /// </summary>
    public static string SafeFailureMessage(QueryFailedException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var message = failure.Message;
        var dataIndependent = message.StartsWith("The query ran longer than", StringComparison.Ordinal)
            || message.StartsWith("The query needed more than", StringComparison.Ordinal)
            || message.Contains("Parser Error", StringComparison.Ordinal)
            || message.Contains("Binder Error", StringComparison.Ordinal)
            || message.StartsWith("The data of relation", StringComparison.Ordinal)
            || message.StartsWith("A group has too many rows", StringComparison.Ordinal);
        var shown = dataIndependent
            ? message
            : "The query failed while reading the data. The database's message is withheld, because it could quote values from the data.";
        if (message.Contains("stays spent", StringComparison.Ordinal) && !shown.Contains("stays spent", StringComparison.Ordinal))
        {
            shown += " The privacy budget of this query stays spent, because a failure can depend on the data.";
        }
        return Truncate(shown);
    }

    public static string HashOf(string sql) => Audit.AuditLog.Sha256(sql);

    private static QueryRun NewRun(Actor actor, UsableAgreement usable, string sql, string? algorithm, DateTimeOffset at) => new()
    {
        AgreementId = usable.Agreement.Id, DatasetId = usable.Document.Dataset.Id, ConsumerOrganisationId = usable.Document.Consumer.Id,
        UserId = actor.RequiredUserId, AlgorithmName = algorithm, Sql = sql, SqlHash = HashOf(sql), At = at,
    };

    /// <summary>Records a refused run, audits it, and returns the exception to throw (a ProblemDetails naming the rule).</summary>
    private async Task<PlatformException> RefuseAsync(Actor actor, UsableAgreement usable, string sql, string? algorithm, string rule, string message,
        IReadOnlyList<string>? reasons, CancellationToken cancellationToken, PlatformError error = PlatformError.Validation, Guid? runId = null)
    {
        var run = NewRun(actor, usable, sql, algorithm, clock.GetUtcNow());
        if (runId is { } id)
        {
            run.Id = id;
        }
        run.Outcome = QueryOutcome.Refused;
        run.Rule = rule;
        run.Message = Truncate(message);
        await SaveRunAsync(run, cancellationToken);
        await audit.RecordAsync(AccessAudit.QueryRefused, actor, usable.Document.Consumer.Id, "query", run.Id, Details(run), cancellationToken);
        var fields = new Dictionary<string, string[]> { ["rule"] = [rule] };
        if (reasons is { Count: > 0 })
        {
            fields["reasons"] = [.. reasons];
        }
        return new PlatformException(error, $"Refused by rule '{rule}': {message}", fields);
    }

    private async Task SaveRunAsync(QueryRun run, CancellationToken cancellationToken)
    {
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static Dictionary<string, string?> Details(QueryRun run) => new()
    {
        ["agreement"] = run.AgreementId.ToString(),
        ["dataset"] = run.DatasetId.ToString(),
        ["sql"] = run.Sql,
        ["sqlHash"] = run.SqlHash,
        ["algorithm"] = run.AlgorithmName,
        ["outcome"] = run.Outcome.ToString(),
        ["rule"] = run.Rule,
        ["cost"] = run.Cost.ToString("R", CultureInfo.InvariantCulture),
        ["fromCache"] = run.FromCache ? "true" : "false",
    };

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
