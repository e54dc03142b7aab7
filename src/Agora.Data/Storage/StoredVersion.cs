using Agora.Data.Files;
using Agora.Data.Ingestion;
using Agora.Privacy.Keys;

namespace Agora.Data.Storage;

/// <summary>One column of a stored version.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Type">Its type.</param>
public sealed record StoredColumn(string Name, ColumnType Type);

/// <summary>
/// What <see cref="VersionStore.IngestAsync"/> returns once the file is complete, durable and in place: everything the
/// platform records in its metadata for the version. The platform commits that metadata only after receiving this.
/// </summary>
/// <param name="ContentHash">Lower-case hex SHA-256 of the stored (encrypted) file; also its name in the store.</param>
/// <param name="WrappedKey">The version's data key wrapped by the platform master key (store <c>WrappedKey.ToString()</c>
/// next to the version; it is useless without the key ring).</param>
/// <param name="RowCount">Rows stored.</param>
/// <param name="SizeBytes">Size of the stored file.</param>
/// <param name="Columns">The stored schema.</param>
/// <param name="SourceFormat">The uploaded file's format.</param>
/// <param name="RelativePath">Path of the file under the store's root (<c>versions/ab/abcd….parquet</c>).</param>
public sealed record StoredVersion(string ContentHash, WrappedKey WrappedKey, long RowCount, long SizeBytes,
    IReadOnlyList<StoredColumn> Columns, TabularFormat SourceFormat, string RelativePath);
