using System.Collections.Concurrent;

namespace Agora.Data.Querying;

/// <summary>
/// Stores released DP answers by cache key so that an identical repeated query returns the same answer at no cost
/// (averaging repeated answers would otherwise shrink the noise). The platform implements it over its metadata store;
/// <see cref="InMemoryQueryAnswerCache"/> serves tests and single-process use.
/// </summary>
public interface IQueryAnswerCache
{
    /// <summary>The cached answer for the key, if any.</summary>
    bool TryGet(string key, out QueryResult result);

    /// <summary>Stores an answer (first write wins).</summary>
    void Store(string key, QueryResult result);
}

/// <summary>A process-local <see cref="IQueryAnswerCache"/>.</summary>
public sealed class InMemoryQueryAnswerCache : IQueryAnswerCache
{
    private readonly ConcurrentDictionary<string, QueryResult> _answers = new(StringComparer.Ordinal);

    /// <summary>Number of cached answers.</summary>
    public int Count => _answers.Count;

    /// <inheritdoc/>
    public bool TryGet(string key, out QueryResult result) => _answers.TryGetValue(key, out result!);

    /// <inheritdoc/>
    public void Store(string key, QueryResult result) => _answers.TryAdd(key, result);
}
