using System.Text.Json.Nodes;
using Agora.Privacy.Policies;

namespace Agora.Privacy.Tests.Policies;

internal static class PolicyExamples
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Aggregate queries for research by public bodies and research organisations in 2026, DP with ε = 3
    /// (at most 1 per query), at most 100 uses; attribution and deletion by 2027; downloads prohibited.</summary>
    public static UsagePolicy ResearchAgreement() => new(
        "urn:uuid:0d5c3b1e-agreement",
        PolicyKind.Agreement,
        [
            new PolicyRule(PolicyVocabulary.AggregateQuery,
            [
                new AtomicConstraint(PolicyVocabulary.Purpose, "isAnyOf", new JsonArray("agora:ScientificResearch", "agora:OfficialStatistics")),
                new AtomicConstraint(PolicyVocabulary.OrganisationKind, "isAnyOf", new JsonArray("agora:PublicBody", "agora:ResearchOrganisation")),
                new AtomicConstraint(PolicyVocabulary.DateTime, "gteq", JsonValue.Create("2026-01-01T00:00:00Z")),
                new AtomicConstraint(PolicyVocabulary.DateTime, "lteq", JsonValue.Create("2026-12-31T23:59:59Z")),
                new AtomicConstraint(PolicyVocabulary.Count, "lteq", JsonValue.Create(100)),
                new AtomicConstraint(PolicyVocabulary.OutputControl, "eq", JsonValue.Create(PolicyVocabulary.DifferentialPrivacy)),
                new AtomicConstraint(PolicyVocabulary.PrivacyBudget, "lteq", new JsonObject { ["epsilon"] = 3, ["delta"] = 1e-6, ["perQuery"] = 1 }),
            ],
            [new PolicyDuty(PolicyVocabulary.Attribute, [], "Source: Ministry of Health, hospital stays 2025")]),
        ],
        [new PolicyRule(PolicyVocabulary.DownloadDerivative, [], [])],
        [new PolicyDuty(PolicyVocabulary.Delete, [new AtomicConstraint(PolicyVocabulary.DateTime, "lteq", JsonValue.Create("2027-06-30T00:00:00Z"))])])
    {
        Target = "urn:agora:dataset:hospital-stays:v3",
        Assigner = "urn:agora:org:ministry-of-health",
        Assignee = "urn:agora:org:university",
        Timestamp = new DateTimeOffset(2025, 12, 15, 9, 0, 0, TimeSpan.Zero),
    };

    public static UsageRequest Request(string action = PolicyVocabulary.AggregateQuery) => new(action, "urn:agora:dataset:hospital-stays:v3",
        "agora:HealthResearch", "urn:agora:org:university", "agora:ResearchOrganisation", Now, UsesSoFar: 4);
}
