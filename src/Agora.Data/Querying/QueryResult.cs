using Agora.Privacy.Disclosure;
using Agora.Privacy.DifferentialPrivacy;

namespace Agora.Data.Querying;

/// <summary>How an output is protected.</summary>
public enum QueryProtectionKind
{
    /// <summary>Noisy aggregates with a privacy cost.</summary>
    DifferentialPrivacy,

    /// <summary>Exact aggregates checked by disclosure control rules.</summary>
    DisclosureControl,

    /// <summary>Row-level output of a protected derivative; no output check.</summary>
    RowLevel,
}

/// <summary>Whether an output may be shown to the consumer.</summary>
public enum ReleaseStatus
{
    /// <summary>The output may be shown.</summary>
    Released,

    /// <summary>A disclosure rule failed: the output goes to the provider's review queue and is not shown.</summary>
    HeldForReview,
}

/// <summary>An output column.</summary>
/// <param name="Name">Its name.</param>
/// <param name="IsKey">True for GROUP BY keys.</param>
public sealed record ResultColumn(string Name, bool IsKey);

/// <summary>An output cell and, for DP values, its 95 % accuracy interval.</summary>
/// <param name="Value">The value (noisy under DP, rounded counts under SDC).</param>
/// <param name="Accuracy">The accuracy interval (DP only).</param>
public sealed record ResultCell(object? Value, AccuracyInterval? Accuracy = null);

/// <summary>The outcome of a controlled query.</summary>
/// <param name="Columns">Output columns.</param>
/// <param name="Rows">Released rows; empty when <see cref="Status"/> is <see cref="ReleaseStatus.HeldForReview"/>.</param>
/// <param name="Protection">How the output was protected.</param>
/// <param name="Status">Released or held.</param>
public sealed record QueryResult(IReadOnlyList<ResultColumn> Columns, IReadOnlyList<IReadOnlyList<ResultCell>> Rows, QueryProtectionKind Protection,
    ReleaseStatus Status)
{
    /// <summary>The privacy loss charged for this run (none for a cached answer or a non-DP query).</summary>
    public PrivacyCost? Cost { get; init; }

    /// <summary>True when the answer came from the cache (same query, same data, same parameters): no new cost.</summary>
    public bool FromCache { get; init; }

    /// <summary>The disclosure check (SDC only).</summary>
    public DisclosureReport? Disclosure { get; init; }

    /// <summary>For the provider's review queue only: the rows that were held. Never show them to the consumer.</summary>
    public IReadOnlyList<IReadOnlyList<ResultCell>>? HeldRows { get; init; }

    /// <summary>Plain-words notes: how the output was protected, what was dropped.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
