using Agora.Data.Discovery;
using Agora.Platform.Catalog;
using Agora.Platform.Metadata;
using Agora.Platform.Profiling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Agora.Platform.Discovery;

/// <summary>A published dataset's newest version as the partner index holds it.</summary>
/// <param name="OpenData">Published as open data: anyone may read its values.</param>
public sealed record IndexedVersion(Guid DatasetId, Guid OrganisationId, Guid VersionId, bool OpenData);

/// <summary>What a synchronisation found: whether the index moved, and the versions that should be in it but have no
/// readable sketch yet (to profile).</summary>
public sealed record IndexSync(bool Moved, IReadOnlyList<Guid> VersionsWithoutSketch);

/// <summary>
/// The platform's containment index: the discovery sketches of the newest version of every <b>published</b> dataset, in
/// the engine's <see cref="DiscoveryIndex"/> (LSH Ensemble for joins, lexical profiles for unions). One per process. It
/// follows the metadata store: whenever the catalogue revision (publication, withdrawal, new version) or the discovery
/// revision (a sketch written) moves, it adds and removes just the versions that changed, and saves itself sealed in the
/// data folder; at start it loads that file, or rebuilds from the per-version sketches when the file is missing.
/// </summary>
public sealed partial class PartnerIndex(DerivedFiles files, ILogger<PartnerIndex> logger) : IDisposable
{
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Lock _gate = new();
    private DiscoveryIndex? _index;
    private readonly Dictionary<string, TableSketch> _sketches = new(StringComparer.Ordinal);
    private Dictionary<string, IndexedVersion> _versions = new(StringComparer.Ordinal);
    private (long Catalog, long Discovery) _revision = (-1, -1);

    /// <summary>Brings the index up to date with the store (cheap when nothing moved: two counter reads).</summary>
    public async Task<IndexSync> SyncAsync(AgoraDbContext db, CancellationToken cancellationToken)
    {
        var revision = (await CatalogRevision.CurrentAsync(db, cancellationToken), await DiscoveryRevision.CurrentAsync(db, cancellationToken));
        if (revision == _revision)
        {
            return new IndexSync(false, []);
        }
        await _sync.WaitAsync(cancellationToken);
        try
        {
            if (revision == _revision)
            {
                return new IndexSync(false, []);
            }
            var published = await db.Datasets.AsNoTracking().Where(d => d.State == DatasetState.Published)
                .Select(d => new { d.Id, d.OrganisationId, Open = d.AccessRights == AccessRights.Public, Latest = d.Versions.OrderByDescending(v => v.Number).Select(v => (Guid?)v.Id).FirstOrDefault() })
                .ToListAsync(cancellationToken);
            var latest = published.Where(p => p.Latest is not null).ToDictionary(p => p.Latest!.Value, p => new IndexedVersion(p.Id, p.OrganisationId, p.Latest!.Value, p.Open));
            var latestIds = latest.Keys.ToList();
            var profiled = await db.Set<VersionProfile>().AsNoTracking().Where(p => latestIds.Contains(p.VersionId))
                .Select(p => new { p.VersionId, p.HasSketch }).ToListAsync(cancellationToken);
            // Profiled without a sketch: a version without rows, profiled before those were sketched too; profile it again.
            var missing = latestIds.Except(profiled.Where(p => p.HasSketch).Select(p => p.VersionId)).ToList();
            var wanted = profiled.Where(p => p.HasSketch).Select(p => p.VersionId.ToString("D")).ToHashSet(StringComparer.Ordinal);

            var loadedFromFile = false;
            if (_index is null)
            {
                var stored = files.ReadIndex();
                loadedFromFile = stored is not null;
                if (stored is null)
                {
                    LogRebuilding(logger);
                }
                lock (_gate)
                {
                    _index = stored ?? new DiscoveryIndex();
                    foreach (var table in _index.Tables)
                    {
                        _sketches[table.Id] = table;
                    }
                }
            }
            var toAdd = new List<TableSketch>();
            foreach (var id in wanted.Where(id => !_sketches.ContainsKey(id)))
            {
                var sketch = files.ReadSketch(Guid.Parse(id));
                if (sketch is null)
                {
                    missing.Add(Guid.Parse(id));
                }
                else
                {
                    toAdd.Add(sketch);
                }
            }
            var toRemove = _sketches.Keys.Where(id => !wanted.Contains(id)).ToList();
            lock (_gate)
            {
                foreach (var id in toRemove)
                {
                    _index.Remove(id);
                    _sketches.Remove(id);
                }
                foreach (var sketch in toAdd)
                {
                    _index.Add(sketch);
                    _sketches[sketch.Id] = sketch;
                }
                _versions = latest.Where(p => _sketches.ContainsKey(p.Key.ToString("D")))
                    .ToDictionary(p => p.Key.ToString("D"), p => p.Value, StringComparer.Ordinal);
                if (toAdd.Count > 0 || toRemove.Count > 0 || !loadedFromFile && !File.Exists(files.IndexPath))
                {
                    files.WriteIndex(_index);
                    LogIndexChanged(logger, toAdd.Count, toRemove.Count, _versions.Count);
                }
            }
            _revision = revision;
            return new IndexSync(true, missing);
        }
        finally
        {
            _sync.Release();
        }
    }

    /// <summary>Runs a query on the index (exclusive with updates).</summary>
    public T Query<T>(Func<DiscoveryIndex, T> query)
    {
        lock (_gate)
        {
            return query(_index ?? new DiscoveryIndex());
        }
    }

    /// <summary>The published dataset behind an indexed table id, or null when it is not (or no longer) indexed.</summary>
    public IndexedVersion? VersionOf(string tableId)
    {
        lock (_gate)
        {
            return _versions.GetValueOrDefault(tableId);
        }
    }

    /// <summary>Every indexed version (a snapshot).</summary>
    public IReadOnlyList<IndexedVersion> Versions
    {
        get
        {
            lock (_gate)
            {
                return [.. _versions.Values];
            }
        }
    }

    /// <summary>The sketch of an indexed table.</summary>
    public TableSketch? SketchOf(string tableId)
    {
        lock (_gate)
        {
            return _sketches.GetValueOrDefault(tableId);
        }
    }

    public void Dispose() => _sync.Dispose();

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "No readable discovery index in the data folder; rebuilding it from the version sketches")]
    private static partial void LogRebuilding(ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Discovery index updated: {Added} added, {Removed} removed, {Tables} tables")]
    private static partial void LogIndexChanged(ILogger logger, int added, int removed, int tables);
}
