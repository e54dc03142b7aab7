using Agora.Data.Discovery.Containment;
using Agora.Data.Discovery.Sketches;
using Agora.Data.Discovery.Union;

namespace Agora.Data.Discovery;

/// <summary>A joinable column pair: the query's key column, the indexed table and its column, and the estimated share of
/// the query column's distinct values found in that column.</summary>
/// <param name="QueryColumn">Key column of the query.</param>
/// <param name="Table">Indexed table id.</param>
/// <param name="Column">Key column of the indexed table.</param>
/// <param name="Containment">Estimated |Q∩X| / |Q|.</param>
/// <param name="EstimatedOverlap">Estimated number of shared distinct values.</param>
public sealed record JoinableMatch(string QueryColumn, string Table, string Column, double Containment, long EstimatedOverlap);

/// <summary>An unionable table with its score and the parts that make it.</summary>
/// <param name="Table">Indexed table id.</param>
/// <param name="Score">The score (higher is better).</param>
/// <param name="Parts">The explainable parts.</param>
/// <param name="SharedColumns">Column names of the candidate that share a token with a query column name.</param>
public sealed record UnionableMatch(string Table, double Score, UnionScorer.Parts Parts, IReadOnlyList<string> SharedColumns);

/// <summary>The discovery index: column sketches in an LSH Ensemble for joinable search and table profiles for union
/// search. Tables are added and removed one at a time (the platform does it per stored version); queries take a
/// <see cref="QueryTable"/> from <see cref="TableSketcher"/>. Saved to and loaded from one file (<see cref="DiscoveryIndexFile"/>).
/// Not thread-safe for writes: one writer, or a lock around it; queries (joinable and unionable) may run concurrently when
/// no write happens.</summary>
public sealed class DiscoveryIndex
{
    /// <summary>The containment threshold of joinable search when none is given.</summary>
    public const double DefaultJoinThreshold = 0.5;

    private readonly Dictionary<string, Entry> _tables = new(StringComparer.Ordinal);
    private readonly List<(string Table, int Column)> _lshOwners = [];
    private readonly Dictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private LshEnsemble _lsh;

    /// <summary>An empty index with at most <paramref name="partitions"/> size partitions.</summary>
    public DiscoveryIndex(int partitions = 16)
    {
        Partitions = partitions;
        _lsh = new LshEnsemble(partitions);
    }

    /// <summary>The number of size partitions of the LSH Ensemble.</summary>
    public int Partitions { get; }

    /// <summary>The indexed tables.</summary>
    public IEnumerable<TableSketch> Tables => _tables.Values.Select(entry => entry.Sketch);

    /// <summary>Number of indexed tables.</summary>
    public int TableCount => _tables.Count;

    /// <summary>Number of indexed key columns.</summary>
    public int ColumnCount => _tables.Values.Sum(entry => entry.Sketch.KeyColumns.Count);

    /// <summary>Adds a table, replacing any table with the same id.</summary>
    public void Add(TableSketch table)
    {
        Remove(table.Id);
        var entries = new int[table.KeyColumns.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var column = table.KeyColumns[i];
            entries[i] = _lsh.Add(column.DistinctCount, column.Signature);
            _lshOwners.Add((table.Id, i));
        }
        var bag = UnionScorer.Bag(table.Union);
        foreach (var token in bag.Keys.Concat(table.Union.NameTokens).Distinct(StringComparer.Ordinal))
        {
            _documentFrequency[token] = _documentFrequency.GetValueOrDefault(token) + 1;
        }
        _tables[table.Id] = new Entry(table, entries, bag);
        // Keep the scan of pending additions short: fold them in once they are a sizeable share of the index.
        if (_lsh.PendingCount > Math.Max(1024, _lsh.Count / 4))
        {
            _lsh.Rebuild();
        }
    }

    /// <summary>Removes a table; false when it was not indexed.</summary>
    public bool Remove(string tableId)
    {
        if (!_tables.Remove(tableId, out var entry))
        {
            return false;
        }
        foreach (var lshEntry in entry.LshEntries)
        {
            _lsh.Remove(lshEntry);
        }
        foreach (var token in entry.Bag.Keys.Concat(entry.Sketch.Union.NameTokens).Distinct(StringComparer.Ordinal))
        {
            if (--_documentFrequency[token] == 0)
            {
                _documentFrequency.Remove(token);
            }
        }
        return true;
    }

    /// <summary>Re-partitions and re-sorts the LSH Ensemble; call after a bulk load (queries stay correct without it).</summary>
    public void Optimise()
    {
        if (_lsh.Count > 2 * ColumnCount + 1024)
        {
            // Many removals: start a fresh ensemble so removed entries stop costing memory.
            _lsh = new LshEnsemble(Partitions);
            _lshOwners.Clear();
            foreach (var entry in _tables.Values)
            {
                for (var i = 0; i < entry.LshEntries.Length; i++)
                {
                    var column = entry.Sketch.KeyColumns[i];
                    entry.LshEntries[i] = _lsh.Add(column.DistinctCount, column.Signature);
                    _lshOwners.Add((entry.Sketch.Id, i));
                }
            }
        }
        _lsh.Rebuild();
    }

    /// <summary>The top <paramref name="top"/> joinable column pairs, best first, by estimated containment of the query
    /// column's values (all key columns of the query when <paramref name="queryColumn"/> is null). Pairs at or above
    /// <paramref name="threshold"/> come from the LSH Ensemble; when there are fewer than <paramref name="top"/>, the
    /// threshold is lowered step by step (0.25, 0.1) so the list is filled with the best weaker matches.
    /// The query table itself (same id) is never returned.</summary>
    public IReadOnlyList<JoinableMatch> Joinable(QueryTable query, string? queryColumn, int top, double threshold = DefaultJoinThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var columns = query.Sketch.KeyColumns.Where(c => queryColumn is null || c.Column.Equals(queryColumn, StringComparison.Ordinal)).ToList();
        var found = new Dictionary<(string, string, string), JoinableMatch>();
        foreach (var step in new[] { threshold, Math.Min(threshold, 0.25), Math.Min(threshold, 0.1) }.Distinct())
        {
            foreach (var column in columns)
            {
                // No (or an empty) hash set: the query came from a stored sketch, so its bottom-k sample stands in.
                var hashes = query.ColumnHashes.TryGetValue(column.Column, out var set) && set.Count > 0 ? set : null;
                foreach (var match in ThresholdSearch(query.Sketch.Id, column, hashes, step))
                {
                    found.TryAdd((match.QueryColumn, match.Table, match.Column), match);
                }
            }
            if (found.Count >= top)
            {
                break;
            }
        }
        return [.. found.Values.OrderByDescending(m => m.Containment).ThenByDescending(m => m.EstimatedOverlap)
            .ThenBy(m => m.Table, StringComparer.Ordinal).ThenBy(m => m.Column, StringComparer.Ordinal).Take(top)];
    }

    /// <summary>Every indexed column whose estimated containment of the query column is at least
    /// <paramref name="threshold"/> (the LSH Ensemble candidates, verified). <paramref name="queryHashes"/> (the query
    /// column's full hash set) makes the estimate exact on the candidate's sample; without it the two sketches are compared.</summary>
    public List<JoinableMatch> ThresholdSearch(string queryTableId, ColumnSketch column, IReadOnlyCollection<ulong>? queryHashes, double threshold)
    {
        var matches = new List<JoinableMatch>();
        var sample = queryHashes ?? column.BottomK.Hashes.ToArray();
        foreach (var entry in _lsh.Candidates(column.Signature, column.DistinctCount, threshold))
        {
            var (tableId, index) = _lshOwners[entry];
            if (tableId.Equals(queryTableId, StringComparison.Ordinal))
            {
                continue;
            }
            var candidate = _tables[tableId].Sketch.KeyColumns[index];
            var (containment, size) = candidate.BottomK.EstimateContainmentOf(sample);
            if (size == 0 || containment < threshold)
            {
                continue;
            }
            var overlap = (long)Math.Round(containment * column.DistinctCount);
            matches.Add(new JoinableMatch(column.Column, tableId, candidate.Column, containment, overlap));
        }
        return matches;
    }

    /// <summary>The top <paramref name="top"/> unionable tables, best first. After a first ranking, the best table's own
    /// similarity to each candidate is added with a small weight (pseudo-relevance feedback): tables that look like the
    /// query's closest match gain a little, which steadies the ranking on noisy schemas.</summary>
    public IReadOnlyList<UnionableMatch> Unionable(QueryTable query, int top, UnionWeights? weights = null)
    {
        weights ??= UnionWeights.Default;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var tableCount = _tables.Count + 1;
        var queryBag = UnionScorer.Bag(query.Sketch.Union);
        double Idf(string token) =>
            Math.Log(tableCount / (double)Math.Max(1, _documentFrequency.GetValueOrDefault(token) + (queryBag.ContainsKey(token) ? 1 : 0)));
        var queryVector = UnionScorer.Vector(queryBag, Idf);
        var queryValueTokens = query.Sketch.Union.ValueTokens.Keys.ToHashSet(StringComparer.Ordinal);
        // An empty hash set means the query came from a stored sketch: compare sketch to sketch.
        var queryValueHashes = query.ValueHashes.Count == 0 ? null : query.ValueHashes;
        // Vectors depend on the document frequencies of this moment, so they are computed per query (and kept local, so
        // concurrent queries never share them).
        var vectors = new Dictionary<Entry, Dictionary<string, double>>(ReferenceEqualityComparer.Instance);
        var first = new List<(Entry Entry, UnionScorer.Parts Parts)>();
        foreach (var entry in _tables.Values)
        {
            if (entry.Sketch.Id.Equals(query.Sketch.Id, StringComparison.Ordinal))
            {
                continue;
            }
            var vector = UnionScorer.Vector(entry.Bag, Idf);
            vectors[entry] = vector;
            first.Add((entry, Score(query.Sketch.Union, queryVector, queryValueTokens, queryValueHashes, entry, vector)));
        }
        if (first.Count == 0)
        {
            return [];
        }
        var best = first.MaxBy(pair => pair.Parts.Total(weights)).Entry;
        var bestValueTokens = best.Sketch.Union.ValueTokens.Keys.ToHashSet(StringComparer.Ordinal);
        var ranked = first.Select(pair =>
        {
            var feedback = ReferenceEquals(pair.Entry, best)
                ? pair.Parts.Total(weights)
                : Score(best.Sketch.Union, vectors[best], bestValueTokens, null, pair.Entry, vectors[pair.Entry]).Total(weights);
            return (pair.Entry, pair.Parts, Score: pair.Parts.Total(weights) + (weights.Feedback * feedback));
        });
        var queryHeader = query.Sketch.Union.HeaderTokens.ToHashSet(StringComparer.Ordinal);
        return [.. ranked.OrderByDescending(r => r.Score).ThenBy(r => r.Entry.Sketch.Id, StringComparer.Ordinal).Take(top)
            .Select(r => new UnionableMatch(r.Entry.Sketch.Id, r.Score, r.Parts,
                [.. r.Entry.Sketch.Columns.Where(c => Tokens.OfColumnName(c.Name).Any(queryHeader.Contains)).Select(c => c.Name)]))];
    }

    private static UnionScorer.Parts Score(UnionProfile query, Dictionary<string, double> queryVector, HashSet<string> queryValueTokens,
        IReadOnlyCollection<ulong>? queryValueHashes, Entry candidate, Dictionary<string, double> candidateVector)
    {
        var union = candidate.Sketch.Union;
        var bag = UnionScorer.Cosine(queryVector, candidateVector);
        var header = UnionScorer.Jaccard(query.HeaderTokens, union.HeaderTokens);
        var values = UnionScorer.ValueContainment(union.Values, queryValueHashes, query.Values);
        var valueTokens = UnionScorer.Jaccard(queryValueTokens, candidate.ValueTokenSet);
        var name = UnionScorer.Jaccard(query.NameTokens, union.NameTokens);
        return new UnionScorer.Parts(bag, header, values, valueTokens, name);
    }

    private sealed class Entry(TableSketch sketch, int[] lshEntries, Dictionary<string, int> bag)
    {
        public TableSketch Sketch { get; } = sketch;

        public int[] LshEntries { get; } = lshEntries;

        public Dictionary<string, int> Bag { get; } = bag;

        public HashSet<string> ValueTokenSet { get; } = sketch.Union.ValueTokens.Keys.ToHashSet(StringComparer.Ordinal);
    }
}
