using System.Globalization;
using System.Text;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Catalog;

/// <summary>
/// Full-text search with facets over the published catalogue. The index is held in memory and rebuilt when the
/// catalogue revision in the store moves, so it works alike on SQLite and PostgreSQL and across several nodes.
/// Ranking is BM25 over titles, keywords, descriptions, publisher and column names in every language, with accents
/// folded and prefix matches for the last word typed.
/// </summary>
public sealed class CatalogSearch : IDisposable
{
    private const double K1 = 1.2;
    private const double B = 0.75;
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private Snapshot _snapshot = new(-1, [], new Dictionary<string, Dictionary<int, double>>(StringComparer.Ordinal), 0);

    public async Task<SearchResult> SearchAsync(AgoraDbContext db, SearchQuery query, CancellationToken cancellationToken)
    {
        var snapshot = await CurrentAsync(db, cancellationToken);
        var terms = Tokenize(query.Text ?? "").Distinct(StringComparer.Ordinal).ToList();
        double[] scores;
        if (terms.Count == 0)
        {
            scores = [.. snapshot.Entries.Select(_ => 1.0)];
        }
        else
        {
            scores = new double[snapshot.Entries.Count];
            var matchedAll = new int[snapshot.Entries.Count];
            for (var t = 0; t < terms.Count; t++)
            {
                var term = terms[t];
                var allowPrefix = t == terms.Count - 1 && term.Length >= 3;
                var postings = snapshot.Postings.Where(p => p.Key == term || (allowPrefix && p.Key.StartsWith(term, StringComparison.Ordinal)));
                var seen = new HashSet<int>();
                foreach (var (token, posting) in postings)
                {
                    var idf = Math.Log(1 + ((snapshot.Entries.Count - posting.Count + 0.5) / (posting.Count + 0.5)));
                    var exact = token == term ? 1.0 : 0.6;
                    foreach (var (doc, frequency) in posting)
                    {
                        var length = snapshot.Entries[doc].Length;
                        scores[doc] += exact * idf * frequency * (K1 + 1) / (frequency + (K1 * (1 - B + (B * length / snapshot.AverageLength))));
                        seen.Add(doc);
                    }
                }
                foreach (var doc in seen)
                {
                    matchedAll[doc]++;
                }
            }
            // Every word must match somewhere: searching "energy luxembourg" should not list everything about Luxembourg.
            for (var i = 0; i < scores.Length; i++)
            {
                if (matchedAll[i] < terms.Count)
                {
                    scores[i] = 0;
                }
            }
        }

        bool Keep(Entry e, string? skipFacet) =>
            (skipFacet == "organisation" || query.Organisation is null || e.OrganisationSlug == query.Organisation)
            && (skipFacet == "theme" || query.Theme is null || e.Themes.Contains(query.Theme, StringComparer.Ordinal))
            && (skipFacet == "licence" || query.Licence is null || e.Licence == query.Licence)
            && (skipFacet == "format" || query.Format is null || e.Formats.Contains(query.Format, StringComparer.Ordinal))
            && (skipFacet == "access" || query.Access is null || e.Access == query.Access);

        var matching = Enumerable.Range(0, snapshot.Entries.Count).Where(i => scores[i] > 0).ToList();
        var hits = matching.Where(i => Keep(snapshot.Entries[i], null))
            .OrderByDescending(i => terms.Count == 0 ? snapshot.Entries[i].Modified.UtcTicks : scores[i])
            .ThenBy(i => snapshot.Entries[i].DatasetId)
            .ToList();

        Dictionary<string, int> Facet(string name, Func<Entry, IEnumerable<string>> values) =>
            matching.Where(i => Keep(snapshot.Entries[i], name)).SelectMany(i => values(snapshot.Entries[i]))
                .GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var facets = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal)
        {
            ["organisation"] = Facet("organisation", e => [e.OrganisationSlug]),
            ["theme"] = Facet("theme", e => e.Themes),
            ["licence"] = Facet("licence", e => e.Licence is null ? [] : [e.Licence]),
            ["format"] = Facet("format", e => e.Formats),
            ["access"] = Facet("access", e => [e.Access]),
        };
        var page = hits.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))
            .Select(i => new SearchHit(snapshot.Entries[i].DatasetId, terms.Count == 0 ? 0 : scores[i])).ToList();
        return new SearchResult(hits.Count, page, facets);
    }

    public void Dispose() => _rebuild.Dispose();

    private async Task<Snapshot> CurrentAsync(AgoraDbContext db, CancellationToken cancellationToken)
    {
        var current = await CatalogRevision.CurrentAsync(db, cancellationToken);
        if (_snapshot.Revision == current)
        {
            return _snapshot;
        }
        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot.Revision != current)
            {
                _snapshot = await BuildAsync(db, current, cancellationToken);
            }
            return _snapshot;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    private static async Task<Snapshot> BuildAsync(AgoraDbContext db, long revision, CancellationToken cancellationToken)
    {
        var datasets = await db.Datasets.AsNoTracking().Include(d => d.Organisation).Include(d => d.Versions)
            .Where(d => d.State == DatasetState.Published).AsSplitQuery().ToListAsync(cancellationToken);
        var entries = new List<Entry>(datasets.Count);
        var postings = new Dictionary<string, Dictionary<int, double>>(StringComparer.Ordinal);
        foreach (var dataset in datasets.OrderBy(d => d.Id))
        {
            var doc = entries.Count;
            var weights = new Dictionary<string, double>(StringComparer.Ordinal);
            void AddText(string? text, double weight)
            {
                foreach (var token in Tokenize(text ?? ""))
                {
                    weights[token] = weights.GetValueOrDefault(token) + weight;
                }
            }
            foreach (var title in dataset.Title.Values)
            {
                AddText(title, 3);
            }
            foreach (var keyword in dataset.Keywords.All)
            {
                AddText(keyword, 2);
            }
            foreach (var description in dataset.Description.Values)
            {
                AddText(description, 1);
            }
            AddText(dataset.Organisation.Name, 1);
            foreach (var theme in dataset.Themes)
            {
                foreach (var language in Vocabularies.Languages)
                {
                    AddText(Vocabularies.Label(theme, language), 1);
                }
            }
            var latest = dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault();
            foreach (var column in latest?.Columns ?? [])
            {
                AddText(column.Name.Replace('_', ' '), 0.5);
            }
            foreach (var (token, weight) in weights)
            {
                if (!postings.TryGetValue(token, out var posting))
                {
                    postings[token] = posting = [];
                }
                posting[doc] = weight;
            }
            var formats = dataset.Versions.Select(v => v.SourceFormat.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            entries.Add(new Entry(dataset.Id, dataset.Organisation.Slug, [.. dataset.Themes], dataset.Licence, formats,
                dataset.AccessRights.ToString(), dataset.ModifiedAt, Math.Max(1, weights.Values.Sum())));
        }
        var average = entries.Count == 0 ? 1 : entries.Average(e => e.Length);
        return new Snapshot(revision, entries, postings, average);
    }

    /// <summary>Lower-case words with accents removed (é → e, ß → ss, ä → a).</summary>
    public static IEnumerable<string> Tokenize(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (c == 'ß')
            {
                folded.Append("ss");
            }
            else if (char.IsLetterOrDigit(c))
            {
                folded.Append(char.ToLowerInvariant(c));
            }
            else
            {
                folded.Append(' ');
            }
        }
        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.Length > 1 || char.IsDigit(t[0]));
    }

    private sealed record Entry(Guid DatasetId, string OrganisationSlug, string[] Themes, string? Licence, string[] Formats, string Access,
        DateTimeOffset Modified, double Length);

    private sealed record Snapshot(long Revision, List<Entry> Entries, Dictionary<string, Dictionary<int, double>> Postings, double AverageLength);
}

public sealed record SearchQuery
{
    public string? Text { get; init; }

    public string? Organisation { get; init; }

    public string? Theme { get; init; }

    public string? Licence { get; init; }

    public string? Format { get; init; }

    public string? Access { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 20;
}

public sealed record SearchHit(Guid DatasetId, double Score);

/// <summary>Total hits, one page of them, and facet value → count for each facet (counted with the other facets applied).</summary>
public sealed record SearchResult(int Total, IReadOnlyList<SearchHit> Hits, IReadOnlyDictionary<string, Dictionary<string, int>> Facets);
