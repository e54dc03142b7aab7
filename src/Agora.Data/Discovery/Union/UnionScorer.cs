using Agora.Data.Discovery.Sketches;

namespace Agora.Data.Discovery.Union;

/// <summary>The weights of the union-search signals and of the pseudo-relevance feedback. The defaults were chosen on
/// UGEN-V1/V2 (docs/discovery.md gives the figures) and kept round so they do not over-fit.</summary>
/// <param name="Bag">TF-IDF cosine of the word bags.</param>
/// <param name="Header">Jaccard of column-name tokens.</param>
/// <param name="Values">Containment of the query's values.</param>
/// <param name="ValueTokens">Jaccard of value tokens.</param>
/// <param name="Name">Jaccard of table-name tokens.</param>
/// <param name="Feedback">Weight of the best first-round match's own similarity to each candidate.</param>
/// <param name="NearCopy">Weight taken off a candidate that already holds most of the query's values (a near copy).</param>
/// <param name="NearCopyFrom">The value containment from which a candidate counts as a near copy (by degrees up to 1).</param>
public sealed record UnionWeights(double Bag = 1, double Header = 1, double Values = 0.5, double ValueTokens = 1, double Name = 2, double Feedback = 0.3,
    double NearCopy = 2, double NearCopyFrom = 0.7)
{
    /// <summary>The default weights.</summary>
    public static UnionWeights Default { get; } = new();
}

/// <summary>How unionable (appendable) a candidate table is with a query table, as a sum of five explainable lexical
/// and statistical signals (each in [0, 1]): TF-IDF cosine of their word bags (values and column names), Jaccard of their
/// column-name tokens, containment of the query's cell values in the candidate, Jaccard of their value tokens, and
/// Jaccard of their name tokens. The weights were chosen on UGEN-V1/V2 (docs/discovery.md gives the figures) and kept
/// round so they do not over-fit: no single signal decides alone. One part counts against a candidate: a table that
/// already holds most of the query's values is a near copy of it, which adds few new rows when appended, so it ranks
/// below tables that would add rows of the same kind (it is still listed, and the platform says it is a near copy).</summary>
public static class UnionScorer
{
    /// <summary>Header tokens count this many times in the word bag.</summary>
    public const int HeaderTokenRepeat = 2;

    /// <summary>The parts of a score.</summary>
    /// <param name="Bag">TF-IDF cosine.</param>
    /// <param name="Header">Column-name token Jaccard.</param>
    /// <param name="Values">Value containment.</param>
    /// <param name="ValueTokens">Value-token Jaccard.</param>
    /// <param name="Name">Name-token Jaccard.</param>
    public sealed record Parts(double Bag, double Header, double Values, double ValueTokens, double Name)
    {
        /// <summary>The weighted sum.</summary>
        public double Total(UnionWeights weights) =>
            (weights.Bag * Bag) + (weights.Header * Header) + (weights.Values * Values) + (weights.ValueTokens * ValueTokens) + (weights.Name * Name)
            - (weights.NearCopy * NearCopy(weights));

        /// <summary>How much of a near copy of the query the candidate is, in [0, 1]: 0 while it holds fewer than
        /// <see cref="UnionWeights.NearCopyFrom"/> of the query's values, 1 when it holds them all.</summary>
        public double NearCopy(UnionWeights weights) =>
            weights.NearCopyFrom >= 1 ? 0 : Math.Clamp((Values - weights.NearCopyFrom) / (1 - weights.NearCopyFrom), 0, 1);

        /// <summary>The same weighted sum scaled to [0, 1] (divided by the sum of the weights), for display. Without
        /// <paramref name="valuesCompared"/> only the evidence that holds no cell value counts (column names and table
        /// name), for a viewer who may not compare the two tables' values.</summary>
        public double Similarity(UnionWeights weights, bool valuesCompared) => valuesCompared
            ? Math.Clamp(Total(weights) / (weights.Bag + weights.Header + weights.Values + weights.ValueTokens + weights.Name), 0, 1)
            : ((weights.Header * Header) + (weights.Name * Name)) / (weights.Header + weights.Name);
    }

    /// <summary>The word bag of a profile: value tokens with their cell counts, column-name tokens counted
    /// <see cref="HeaderTokenRepeat"/> times.</summary>
    public static Dictionary<string, int> Bag(UnionProfile profile)
    {
        var bag = new Dictionary<string, int>(profile.ValueTokens, StringComparer.Ordinal);
        foreach (var token in profile.HeaderTokens)
        {
            bag[token] = bag.GetValueOrDefault(token) + HeaderTokenRepeat;
        }
        return bag;
    }

    /// <summary>A TF-IDF vector ((1 + ln tf) · idf), unit length.</summary>
    public static Dictionary<string, double> Vector(Dictionary<string, int> bag, Func<string, double> idf)
    {
        var vector = new Dictionary<string, double>(bag.Count, StringComparer.Ordinal);
        double norm = 0;
        foreach (var (token, count) in bag)
        {
            var weight = (1 + Math.Log(count)) * idf(token);
            if (weight <= 0)
            {
                continue;
            }
            vector[token] = weight;
            norm += weight * weight;
        }
        norm = Math.Sqrt(norm);
        if (norm > 0)
        {
            foreach (var token in vector.Keys.ToList())
            {
                vector[token] /= norm;
            }
        }
        return vector;
    }

    /// <summary>Cosine of two unit vectors.</summary>
    public static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (a.Count > b.Count)
        {
            (a, b) = (b, a);
        }
        double dot = 0;
        foreach (var (token, weight) in a)
        {
            if (b.TryGetValue(token, out var other))
            {
                dot += weight * other;
            }
        }
        return dot;
    }

    /// <summary>Jaccard similarity of two token sets.</summary>
    public static double Jaccard(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 0;
        }
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var set = large as ISet<string> ?? large.ToHashSet(StringComparer.Ordinal);
        var both = small.Count(set.Contains);
        return both / (double)(a.Count + b.Count - both);
    }

    /// <summary>Containment of the query's values in the candidate: exact on the candidate's bottom-k sample when the
    /// query's full hash set is at hand, else estimated from the two bottom-k sketches.</summary>
    public static double ValueContainment(BottomKSketch candidate, IReadOnlyCollection<ulong>? queryHashes, BottomKSketch query)
    {
        if (queryHashes is not null)
        {
            return candidate.EstimateContainmentOf(queryHashes).Containment;
        }
        return candidate.EstimateContainmentOf(query.Hashes.ToArray()).Containment;
    }
}
