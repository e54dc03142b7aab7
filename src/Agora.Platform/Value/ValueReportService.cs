using System.Globalization;
using Agora.Data.Discovery;
using Agora.Data.Discovery.Union;
using Agora.Platform.Catalog;
using Agora.Platform.Discovery;
using Agora.Platform.Organisations;
using Agora.Platform.Profiling;
using Agora.Platform.Wanted;
using T = Agora.Platform.Value.ValueTexts;

namespace Agora.Platform.Value;

/// <summary>
/// Computes a dataset's value report for a viewer (docs/value.md): quality from the profile, coverage from the description
/// and the profile, novelty and linkability against the published catalogue through the partner index, demand from the
/// counters and matching "data wanted" posts, use from agreements and queries. Catalogue-side figures follow the
/// <see cref="EvidencePolicy"/> for the viewer, so no unpublished dataset and no unreadable identifier ever moves them.
/// </summary>
public sealed class ValueReportService(CatalogService catalog, ProfileService profiles, PartnerFinder partners, PartnerIndex index, DerivedFiles files,
    DemandCounters demand, WantedBoard board, UsageCounts usage, TimeProvider clock)
{
    /// <summary>Years of coverage that count in full.</summary>
    public const double FullYears = 10;

    /// <summary>Rows that count in full (log scale: a thousand rows is half).</summary>
    public const double FullRowsLog10 = 6;

    /// <summary>Joinable datasets that count in full.</summary>
    public const double FullLinks = 5;

    /// <summary>Use points of an agreement in force.</summary>
    public const double AgreementInForcePoints = 20;

    /// <summary>Use points of an agreement that expired or was revoked.</summary>
    public const double AgreementEndedPoints = 10;

    /// <summary>Containment from which a dataset counts as joinable for linkability.</summary>
    public const double LinkThreshold = 0.5;

    private static readonly HashSet<string> PlaceWords = new(StringComparer.Ordinal)
    {
        "commune", "municipality", "postcode", "postal", "zip", "canton", "country", "region", "city", "gemeng", "gemeinde", "localite", "locality",
        "district", "address", "latitude", "longitude", "lat", "lon", "station",
    };

    public async Task<ValueReport> ForDatasetAsync(Actor actor, Guid datasetId, CancellationToken cancellationToken)
    {
        var dataset = await catalog.GetAsync(actor, datasetId, cancellationToken);
        var latest = dataset.Versions.OrderByDescending(v => v.Number).FirstOrDefault();
        var parts = new List<ValuePartReport>();
        var quality = latest is null ? null : await profiles.ViewAsync(actor, dataset, latest, cancellationToken);
        parts.Add(Quality(quality));
        parts.Add(Coverage(dataset, latest, quality));
        var sketch = latest is null ? null : index.SketchOf(latest.Id.ToString("D")) ?? files.ReadSketch(latest.Id);
        var partnersOf = await partners.ForDatasetAsync(actor, dataset, 50, cancellationToken);
        parts.Add(Novelty(actor, dataset, latest, sketch, quality));
        parts.Add(Linkability(dataset, latest, partnersOf, quality));
        var use = await usage.ForDatasetAsync(dataset, cancellationToken);
        parts.Add(await DemandAsync(dataset, use, cancellationToken));
        parts.Add(Use(use));
        var assessed = parts.Where(p => p.Score is not null).ToList();
        var score = assessed.Count == 0 ? 0 : assessed.Sum(p => p.Weight * p.Score!.Value) / assessed.Sum(p => p.Weight);
        return new ValueReport(dataset.Id, latest?.Number, clock.GetUtcNow(), Math.Round(score, 3), parts);
    }

    private static ValuePartReport Quality(QualityView? view)
    {
        var weight = ValueParts.Weights[ValueParts.Quality];
        if (NotReady(view) is { } reason)
        {
            return new ValuePartReport(ValueParts.Quality, null, weight, [reason], [], Empty);
        }
        var d = view!.Dimensions!;
        var why = new List<ValueText> { ValueText.Of(T.QualityOverall, d.Overall), ValueText.Of(T.QualityCompleteness, d.Completeness) };
        var raise = new List<ValueText>();
        if (d.Validity is { } validity)
        {
            why.Add(ValueText.Of(T.QualityValidity, validity));
        }
        else
        {
            raise.Add(ValueText.Of(T.RaiseDeclareConstraints));
        }
        why.Add(ValueText.Of(T.QualityUniqueness, d.Uniqueness, view.Findings.Where(f => f.Dimension == "uniqueness" && f.Column is null).Sum(f => f.FailingRows)));
        if (d.Consistency is { } consistency)
        {
            why.Add(ValueText.Of(T.QualityConsistency, consistency));
        }
        else
        {
            raise.Add(ValueText.Of(T.RaiseDeclareRules));
        }
        if (d.Timeliness is { } timeliness)
        {
            var period = view.Timeliness.Period!.Value;
            var age = T.Age(view.Timeliness.Age, period);
            why.Add(ValueText.Of(T.QualityTimeliness, timeliness, age, T.Every(period)));
            if (timeliness < 1)
            {
                raise.Add(ValueText.Of(T.RaiseFreshVersion, age));
            }
        }
        else
        {
            raise.Add(ValueText.Of(T.RaiseDeclareFrequency));
        }
        // The single fix that helps most: the failed check with the most rows (missing values last, they are often legitimate).
        var worst = view.Findings.Where(f => f.Dimension != "completeness").OrderByDescending(f => f.FailingRows).FirstOrDefault();
        if (worst is not null)
        {
            raise.Insert(0, worst switch
            {
                { Dimension: "uniqueness", Column: null } => ValueText.Of(T.RaiseRemoveDuplicates, worst.FailingRows),
                { Column: { } column } => ValueText.Of(T.RaiseFixFinding, worst.FailingRows, worst.Check, column),
                _ => ValueText.Of(T.RaiseFixRule, worst.FailingRows, worst.Check),
            });
        }
        var emptiest = view.Columns.Where(c => c.Nulls > 0).OrderByDescending(c => c.Nulls).FirstOrDefault();
        if (emptiest is not null && d.Completeness < 0.98)
        {
            raise.Add(ValueText.Of(T.RaiseFillColumn, emptiest.Name, emptiest.Nulls));
        }
        var figures = new Dictionary<string, double>(StringComparer.Ordinal) { ["completeness"] = d.Completeness, ["uniqueness"] = d.Uniqueness };
        AddIf(figures, "validity", d.Validity);
        AddIf(figures, "consistency", d.Consistency);
        AddIf(figures, "timeliness", d.Timeliness);
        return new ValuePartReport(ValueParts.Quality, Math.Round(d.Overall, 3), weight, why, raise, figures);
    }

    private ValuePartReport Coverage(Dataset dataset, DatasetVersion? latest, QualityView? view)
    {
        var weight = ValueParts.Weights[ValueParts.Coverage];
        if (latest is null)
        {
            return new ValuePartReport(ValueParts.Coverage, null, weight, [ValueText.Of(T.NoVersion)], [], Empty);
        }
        var why = new List<ValueText>();
        var raise = new List<ValueText>();
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);

        double time = 0;
        if (dataset.TemporalStart is { } start)
        {
            var end = dataset.TemporalEnd ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            var years = Math.Max(0, (end.DayNumber - start.DayNumber + 1) / 365.25);
            time = Math.Min(1, years / FullYears);
            why.Add(ValueText.Of(T.CoverageTime, years, time));
            figures["years"] = Math.Round(years, 2);
        }
        else if (SpanFromData(latest) is { } span)
        {
            time = Math.Min(1, span.Years / FullYears);
            why.Add(ValueText.Of(T.CoverageTimeFromData, span.Years, time, span.Column));
            raise.Add(ValueText.Of(T.RaiseDeclareTemporal));
            figures["years"] = Math.Round(span.Years, 2);
        }
        else
        {
            why.Add(ValueText.Of(T.CoverageNoTime));
            raise.Add(ValueText.Of(T.RaiseDeclareTemporal));
        }
        if (time < 1 && (dataset.TemporalStart is not null || figures.ContainsKey("years")))
        {
            raise.Add(ValueText.Of(T.RaiseLongerSeries));
        }

        double space;
        var placeColumn = latest.Columns.Select(c => c.Name).FirstOrDefault(name => Tokens.Of(name).Any(PlaceWords.Contains));
        if (dataset.Spatial == "LUX")
        {
            space = 1;
            why.Add(ValueText.Of(T.CoverageNational, Vocabularies.Label(dataset.Spatial, "en")));
        }
        else if (dataset.Spatial is { } spatial)
        {
            space = 0.5;
            why.Add(ValueText.Of(T.CoverageLocal, Vocabularies.Label(spatial, "en")));
        }
        else if (placeColumn is not null)
        {
            space = 0.5;
            why.Add(ValueText.Of(T.CoverageSpaceFromColumn, placeColumn));
            raise.Add(ValueText.Of(T.RaiseDeclareSpatial));
        }
        else
        {
            space = 0;
            why.Add(ValueText.Of(T.CoverageNoSpace));
            raise.Add(ValueText.Of(T.RaiseDeclareSpatial));
        }

        var rows = view?.Rows ?? latest.RowCount;
        var population = Math.Min(1, Math.Log10(1 + rows) / FullRowsLog10);
        why.Add(ValueText.Of(T.CoveragePopulation, rows, population));
        if (population < 1)
        {
            raise.Add(ValueText.Of(T.RaiseMoreRows));
        }
        figures["time"] = Math.Round(time, 3);
        figures["space"] = space;
        figures["population"] = Math.Round(population, 3);
        figures["rows"] = rows;
        return new ValuePartReport(ValueParts.Coverage, Math.Round((time + space + population) / 3, 3), weight, why, raise, figures);
    }

    private ValuePartReport Novelty(Actor actor, Dataset dataset, DatasetVersion? latest, TableSketch? sketch, QualityView? view)
    {
        var weight = ValueParts.Weights[ValueParts.Novelty];
        if (latest is null || sketch is null)
        {
            return new ValuePartReport(ValueParts.Novelty, null, weight, [NotReady(view) ?? ValueText.Of(T.NotAssessedYet)], [], Empty);
        }
        if (sketch.Rows == 0)
        {
            return new ValuePartReport(ValueParts.Novelty, null, weight, [ValueText.Of(T.NoRowsToCompare)], [ValueText.Of(T.RaiseAddRows)], Empty);
        }
        var readsSelf = CatalogService.CanReadData(actor, dataset);
        var columns = sketch.KeyColumns.Where(c => c.DistinctCount >= 2 && EvidencePolicy.MayUseValues(c, readsSelf)).ToList();
        if (columns.Count == 0)
        {
            return new ValuePartReport(ValueParts.Novelty, null, weight, [ValueText.Of(T.NoveltyNoColumns)], [ValueText.Of(T.RaiseAddKey)], Empty);
        }
        var matches = index.Query(ix => columns.ToDictionary(c => c.Column, c => ix.ThresholdSearch(sketch.Id, c, null, 0.1), StringComparer.Ordinal));
        var why = new List<ValueText>();
        double novel = 0, total = 0;
        foreach (var column in columns)
        {
            var best = matches[column.Column]
                .Select(m => (Match: m, Version: index.VersionOf(m.Table), Sketch: index.SketchOf(m.Table)))
                .Where(m => m.Version is not null && m.Version.DatasetId != dataset.Id && m.Sketch?.KeyColumns.FirstOrDefault(c => c.Column == m.Match.Column) is { } other
                    && EvidencePolicy.MayUseValues(other, ReadsIndexed(actor, m.Version))
                    && EvidencePolicy.MayPair(PartnerFinder.InfoOf(sketch, column.Column), PartnerFinder.InfoOf(m.Sketch, m.Match.Column)))
                .OrderByDescending(m => m.Match.Containment).FirstOrDefault();
            var shared = best.Version is null ? 0 : best.Match.Containment;
            novel += column.DistinctCount * (1 - shared);
            total += column.DistinctCount;
            why.Add(best.Version is null
                ? ValueText.Of(T.NoveltyColumnUnique, column.Column)
                : ValueText.Of(T.NoveltyColumn, column.Column, shared, best.Sketch!.Name, best.Match.Column));
        }
        var score = total == 0 ? 1 : novel / total;
        why.Insert(0, ValueText.Of(T.NoveltyShare, score));
        return new ValuePartReport(ValueParts.Novelty, Math.Round(score, 3), weight, [.. why.Take(6)],
            [ValueText.Of(score < 0.5 ? T.RaiseNovelty : T.RaiseNoveltyHigh)],
            new Dictionary<string, double>(StringComparer.Ordinal) { ["novelShare"] = Math.Round(score, 3), ["columns"] = columns.Count });
    }

    private static ValuePartReport Linkability(Dataset dataset, DatasetVersion? latest, DatasetPartners found, QualityView? view)
    {
        var weight = ValueParts.Weights[ValueParts.Linkability];
        if (latest is null || !found.Ready)
        {
            return new ValuePartReport(ValueParts.Linkability, null, weight, [NotReady(view) ?? ValueText.Of(T.NotAssessedYet)], [], Empty);
        }
        if (found.NoRows)
        {
            return new ValuePartReport(ValueParts.Linkability, null, weight, [ValueText.Of(T.NoRowsToCompare)], [ValueText.Of(T.RaiseAddRows)], Empty);
        }
        var links = found.Joinable.Where(j => j.Best >= LinkThreshold && j.Dataset.DatasetId != dataset.Id).ToList();
        var score = Math.Min(1, links.Count / FullLinks);
        var why = new List<ValueText> { ValueText.Of(T.LinkabilityCount, links.Count) };
        foreach (var link in links.Take(5))
        {
            var pair = link.Pairs[0];
            why.Add(ValueText.Of(T.LinkabilityPair, pair.Column, link.Dataset.Title.For("en") ?? "", pair.PartnerColumn, pair.Containment));
        }
        var raise = links.Count == 0 ? ValueText.Of(T.RaiseAddKey) : ValueText.Of(T.RaiseStandardCodes);
        return new ValuePartReport(ValueParts.Linkability, Math.Round(score, 3), weight, why, score < 1 ? [raise] : [],
            new Dictionary<string, double>(StringComparer.Ordinal) { ["joinableDatasets"] = links.Count });
    }

    private async Task<ValuePartReport> DemandAsync(Dataset dataset, UseFacts use, CancellationToken cancellationToken)
    {
        var weight = ValueParts.Weights[ValueParts.Demand];
        var totals = await demand.TotalsAsync(dataset.Id, cancellationToken);
        var searches = totals.GetValueOrDefault(DemandKinds.SearchHit);
        var views = totals.GetValueOrDefault(DemandKinds.View);
        var downloads = totals.GetValueOrDefault(DemandKinds.Download);
        var wanted = dataset.State == DatasetState.Published ? (await board.MatchesForDatasetsAsync([dataset.Id], cancellationToken)).Count : 0;
        var points = searches + (2 * views) + (5 * downloads) + (10 * use.AccessRequests) + (10 * wanted);
        var score = Math.Min(1, Math.Log10(1 + points) / 3);
        var why = new List<ValueText> { ValueText.Of(T.DemandCounts, searches, views, downloads, use.AccessRequests, wanted) };
        var raise = new List<ValueText>();
        if (dataset.State != DatasetState.Published)
        {
            why.Add(ValueText.Of(T.DemandNotPublished));
            raise.Add(ValueText.Of(T.RaisePublish));
        }
        else if (score < 1)
        {
            raise.Add(ValueText.Of(T.RaiseDemandWords));
            if (wanted > 0)
            {
                raise.Add(ValueText.Of(T.RaiseDemandWanted));
            }
        }
        return new ValuePartReport(ValueParts.Demand, Math.Round(score, 3), weight, why, raise, new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["searches"] = searches, ["views"] = views, ["downloads"] = downloads, ["accessRequests"] = use.AccessRequests, ["wantedPosts"] = wanted, ["points"] = points,
        });
    }

    /// <summary>Agreements in force count in full, ended ones (expired or revoked) half: they were use, but are no more.</summary>
    private static ValuePartReport Use(UseFacts use)
    {
        var weight = ValueParts.Weights[ValueParts.Use];
        var points = (AgreementInForcePoints * use.AgreementsInForce) + (AgreementEndedPoints * use.AgreementsEnded) + use.Queries;
        var score = Math.Min(1, Math.Log10(1 + points) / 2);
        var why = new List<ValueText> { ValueText.Of(T.UseCounts, use.Agreements, use.AgreementsInForce, use.AgreementsEnded, use.Queries) };
        return new ValuePartReport(ValueParts.Use, Math.Round(score, 3), weight, why, score < 1 ? [ValueText.Of(T.RaiseUse)] : [],
            new Dictionary<string, double>(StringComparer.Ordinal)
            {
                ["agreements"] = use.Agreements, ["agreementsInForce"] = use.AgreementsInForce, ["queries"] = use.Queries, ["points"] = points,
            });
    }

    private (double Years, string Column)? SpanFromData(DatasetVersion version)
    {
        var profile = files.ReadProfile(version.Id);
        if (profile is null)
        {
            return null;
        }
        (double Years, string Column)? best = null;
        foreach (var column in profile.Columns.Where(c => c.Kind == "temporal" && c.Min is not null && c.Max is not null))
        {
            if (DateTimeOffset.TryParse(column.Min, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var min)
                && DateTimeOffset.TryParse(column.Max, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var max) && max > min)
            {
                var years = (max - min).TotalDays / 365.25;
                if (best is null || years > best.Value.Years)
                {
                    best = (years, column.Name);
                }
            }
        }
        return best;
    }

    /// <summary>Whether the viewer may read an indexed (published) dataset's data: open data, or their own organisation's.</summary>
    private static bool ReadsIndexed(Actor actor, IndexedVersion version) => version.OpenData || actor.IsMember(version.OrganisationId);

    private static ValueText? NotReady(QualityView? view) => view switch
    {
        null => ValueText.Of(T.NoVersion),
        { State: ProfileState.Pending } => ValueText.Of(T.NotAssessedYet),
        { State: ProfileState.Failed } => ValueText.Of(T.ProfileFailed),
        _ => null,
    };

    private static void AddIf(Dictionary<string, double> figures, string name, double? value)
    {
        if (value is { } v)
        {
            figures[name] = v;
        }
    }

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();
}
