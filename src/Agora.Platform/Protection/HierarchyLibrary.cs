using System.Globalization;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Privacy.Anonymisation;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Protection;

/// <summary>The generalisation hierarchies saved per dataset and attribute (docs/adr/0049). The protect step uses a saved
/// hierarchy when the steward names no builder, so the next version is generalised the same way.</summary>
public sealed class HierarchyLibrary(AgoraDbContext db, PlatformKeys keys, TimeProvider clock)
{
    /// <summary>Largest uploaded hierarchy file.</summary>
    public const int MaxUploadBytes = 8 * 1024 * 1024;

    public Task<List<SavedHierarchy>> ListAsync(Guid datasetId, CancellationToken cancellationToken) =>
        db.SavedHierarchies.AsNoTracking().Where(h => h.DatasetId == datasetId).OrderBy(h => h.Attribute).ToListAsync(cancellationToken);

    /// <summary>Saves a builder for an attribute (replacing what was saved).</summary>
    public async Task<SavedHierarchy> SaveBuilderAsync(Guid datasetId, string attribute, string builder, string userId, CancellationToken cancellationToken)
    {
        try
        {
            HierarchyBuilderSpec.Parse(builder);
        }
        catch (HierarchyException e)
        {
            throw Invalid(attribute, e.Message);
        }
        return await SaveAsync(datasetId, attribute, h =>
        {
            h.Source = HierarchySource.Builder;
            h.Builder = builder.Trim();
            h.SealedContent = null;
            h.Levels = 0;
            h.Values = 0;
        }, userId, cancellationToken);
    }

    /// <summary>Checks and saves an uploaded hierarchy in ARX's CSV format (<c>;</c>-separated, column 0 the value, last
    /// column <c>*</c>). The file lists values, so it is sealed before it is stored.</summary>
    public async Task<SavedHierarchy> SaveUploadedAsync(Guid datasetId, string attribute, string csv, string userId, CancellationToken cancellationToken)
    {
        if (csv.Length > MaxUploadBytes)
        {
            throw new PlatformException(PlatformError.TooLarge, string.Create(CultureInfo.InvariantCulture,
                $"A hierarchy file is at most {MaxUploadBytes / (1024 * 1024)} MiB."));
        }
        GeneralisationHierarchy parsed;
        try
        {
            parsed = HierarchyCsv.Parse(attribute, csv);
        }
        catch (HierarchyException e)
        {
            throw Invalid(attribute, e.Message);
        }
        var sealedContent = SealedText.Seal(keys.Ring, csv, SealPurpose(datasetId, attribute));
        return await SaveAsync(datasetId, attribute, h =>
        {
            h.Source = HierarchySource.Uploaded;
            h.Builder = null;
            h.SealedContent = sealedContent;
            h.Levels = parsed.MaxLevel;
            h.Values = parsed.LeafCount;
        }, userId, cancellationToken);
    }

    public async Task<bool> DeleteAsync(Guid datasetId, string attribute, CancellationToken cancellationToken) =>
        await db.SavedHierarchies.Where(h => h.DatasetId == datasetId && h.Attribute == attribute).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>The hierarchy of an attribute for the values of a version: built from <paramref name="builder"/> when one is
    /// given, otherwise from what is saved for the dataset.</summary>
    /// <exception cref="PlatformException">No builder and nothing saved, or a hierarchy that does not fit the values.</exception>
    public static GeneralisationHierarchy Resolve(SavedHierarchy? saved, string attribute, string? builder, IEnumerable<string> values, PlatformKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        try
        {
            if (!string.IsNullOrWhiteSpace(builder))
            {
                return HierarchyBuilderSpec.Parse(builder).Build(attribute, values);
            }
            return saved switch
            {
                { Source: HierarchySource.Builder, Builder: { } spec } => HierarchyBuilderSpec.Parse(spec).Build(attribute, values),
                { Source: HierarchySource.Uploaded, SealedContent: { } sealedContent } =>
                    HierarchyCsv.Parse(attribute, SealedText.Open(keys.Ring, sealedContent, SealPurpose(saved.DatasetId, attribute))),
                _ => throw new PlatformException(PlatformError.Validation,
                    $"Quasi-identifier '{attribute}' has no hierarchy: choose a builder or upload a hierarchy file for it."),
            };
        }
        catch (HierarchyException e)
        {
            throw Invalid(attribute, e.Message);
        }
    }

    public static string SealPurpose(Guid datasetId, string attribute) => $"hierarchy:{datasetId:D}:{attribute}";

    private async Task<SavedHierarchy> SaveAsync(Guid datasetId, string attribute, Action<SavedHierarchy> apply, string userId,
        CancellationToken cancellationToken)
    {
        var hierarchy = await db.SavedHierarchies.SingleOrDefaultAsync(h => h.DatasetId == datasetId && h.Attribute == attribute, cancellationToken);
        if (hierarchy is null)
        {
            hierarchy = new SavedHierarchy { DatasetId = datasetId, Attribute = attribute, UpdatedById = userId };
            db.SavedHierarchies.Add(hierarchy);
        }
        apply(hierarchy);
        hierarchy.UpdatedById = userId;
        hierarchy.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return hierarchy;
    }

    private static PlatformException Invalid(string attribute, string message) =>
        new(PlatformError.Validation, message, new Dictionary<string, string[]> { [$"hierarchy:{attribute}"] = [message] });
}
