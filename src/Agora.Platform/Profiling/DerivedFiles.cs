using System.Text;
using Agora.Data.Discovery;
using Agora.Data.Profiling;
using Agora.Data.Storage;
using Agora.Platform.Keys;
using Agora.Platform.Publishing;

namespace Agora.Platform.Profiling;

/// <summary>
/// The files derived from a stored version, kept in the data folder and sealed with the platform key
/// (<see cref="SealedFile"/>): its full profile (<c>profiles/ID.sealed</c>, with values) and its discovery sketch
/// (<c>discovery/sketches/ID.sealed</c>, hashes and value words), plus the discovery index built from the sketches
/// (<c>discovery/index.sealed</c>). All of them can be recomputed from the versions, so a missing or unreadable file is
/// answered with null and recomputed by a job.
/// </summary>
public sealed class DerivedFiles(DataPlane data, PlatformKeys keys)
{
    public string ProfilePath(Guid versionId) => Path.Combine(data.DataDirectory, "profiles", $"{versionId:N}.sealed");

    public string SketchPath(Guid versionId) => Path.Combine(data.DataDirectory, "discovery", "sketches", $"{versionId:N}.sealed");

    public string IndexPath => Path.Combine(data.DataDirectory, "discovery", "index.sealed");

    public void WriteProfile(Guid versionId, TableProfile profile) =>
        SealedFile.Write(ProfilePath(versionId), Encoding.UTF8.GetBytes(ProfileJson.Serialize(profile)), keys.Ring, ProfilePurpose(versionId));

    public TableProfile? ReadProfile(Guid versionId)
    {
        var bytes = SealedFile.TryRead(ProfilePath(versionId), keys.Ring, ProfilePurpose(versionId));
        return bytes is null ? null : ProfileJson.Deserialize(Encoding.UTF8.GetString(bytes));
    }

    public void WriteSketch(Guid versionId, TableSketch sketch)
    {
        // A one-table index is the sketch's file format: the engine already reads and writes it exactly.
        var single = new DiscoveryIndex(partitions: 1);
        single.Add(sketch);
        using var buffer = new MemoryStream();
        DiscoveryIndexFile.Save(single, buffer);
        SealedFile.Write(SketchPath(versionId), buffer.GetBuffer().AsSpan(0, (int)buffer.Length), keys.Ring, SketchPurpose(versionId));
    }

    public TableSketch? ReadSketch(Guid versionId)
    {
        var bytes = SealedFile.TryRead(SketchPath(versionId), keys.Ring, SketchPurpose(versionId));
        if (bytes is null)
        {
            return null;
        }
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return DiscoveryIndexFile.Load(stream, $"sketch {versionId}", partitions: 1).Tables.SingleOrDefault();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public void WriteIndex(DiscoveryIndex index)
    {
        using var buffer = new MemoryStream();
        DiscoveryIndexFile.Save(index, buffer);
        SealedFile.Write(IndexPath, buffer.GetBuffer().AsSpan(0, (int)buffer.Length), keys.Ring, "discovery-index");
    }

    public DiscoveryIndex? ReadIndex()
    {
        var bytes = SealedFile.TryRead(IndexPath, keys.Ring, "discovery-index");
        if (bytes is null)
        {
            return null;
        }
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return DiscoveryIndexFile.Load(stream, "the discovery index");
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string ProfilePurpose(Guid versionId) => $"profile/{versionId:N}";

    private static string SketchPurpose(Guid versionId) => $"sketch/{versionId:N}";
}
