using System.Text;
using Agora.Data.Discovery.Sketches;

namespace Agora.Data.Discovery;

/// <summary>The persistent form of a <see cref="DiscoveryIndex"/>: one little-endian binary file holding the table
/// sketches (the LSH structures are rebuilt on load, which takes well under a second per 100,000 columns). Layout, version 1:
/// magic <c>AGORADX1</c>, int32 version, int64 hash seed, int32 table count, then per table: id, name, int64 rows,
/// columns (name, type), key-column sketches (name, non-null count, distinct count, 256 uint32 MinHash values, bottom-k
/// flag + count + uint64 hashes, HyperLogLog precision + sparse (uint16 index, byte rank) registers), and the union profile
/// (name tokens, header tokens, value tokens with counts, table-wide bottom-k). Strings are length-prefixed UTF-8.
/// Saving writes a temporary file beside the target and renames it, so a crash never leaves a half-written index.</summary>
public static class DiscoveryIndexFile
{
    private const string Magic = "AGORADX1";
    private const int Version = 1;

    /// <summary>Writes the index to <paramref name="path"/> atomically.</summary>
    public static void Save(DiscoveryIndex index, string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = new BinaryWriter(stream, Encoding.UTF8))
            {
                writer.Write(Encoding.ASCII.GetBytes(Magic));
                writer.Write(Version);
                writer.Write(ValueHash.FormatSeed);
                var tables = index.Tables.ToList();
                writer.Write(tables.Count);
                foreach (var table in tables)
                {
                    WriteTable(writer, table);
                }
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Reads an index written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not an index of this version, or is damaged.</exception>
    public static DiscoveryIndex Load(string path, int partitions = 16)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        try
        {
            var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
            if (magic != Magic)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} is not an Agora discovery index.");
            }
            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} is a discovery index of version {version}; this Agora reads version {Version}.");
            }
            if (reader.ReadInt64() != ValueHash.FormatSeed)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} was built with another value hash; rebuild it.");
            }
            var index = new DiscoveryIndex(partitions);
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                index.Add(ReadTable(reader));
            }
            index.Optimise();
            return index;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is truncated.", e);
        }
    }

    private static void WriteTable(BinaryWriter writer, TableSketch table)
    {
        writer.Write(table.Id);
        writer.Write(table.Name);
        writer.Write(table.Rows);
        writer.Write(table.Columns.Count);
        foreach (var column in table.Columns)
        {
            writer.Write(column.Name);
            writer.Write(column.Type);
        }
        writer.Write(table.KeyColumns.Count);
        foreach (var column in table.KeyColumns)
        {
            writer.Write(column.Column);
            writer.Write(column.NonNullCount);
            writer.Write(column.DistinctCount);
            foreach (var value in column.Signature.Values)
            {
                writer.Write(value);
            }
            WriteBottomK(writer, column.BottomK);
            writer.Write((byte)column.Distinct.Precision);
            var registers = column.Distinct.NonZeroRegisters().ToList();
            writer.Write(registers.Count);
            foreach (var (registerIndex, rank) in registers)
            {
                writer.Write((ushort)registerIndex);
                writer.Write(rank);
            }
        }
        var union = table.Union;
        WriteStrings(writer, union.NameTokens);
        WriteStrings(writer, union.HeaderTokens);
        writer.Write(union.ValueTokens.Count);
        foreach (var (token, count) in union.ValueTokens)
        {
            writer.Write(token);
            writer.Write(count);
        }
        WriteBottomK(writer, union.Values);
    }

    private static TableSketch ReadTable(BinaryReader reader)
    {
        var id = reader.ReadString();
        var name = reader.ReadString();
        var rows = reader.ReadInt64();
        var columns = new ColumnInfo[reader.ReadInt32()];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = new ColumnInfo(reader.ReadString(), reader.ReadString());
        }
        var keys = new ColumnSketch[reader.ReadInt32()];
        for (var i = 0; i < keys.Length; i++)
        {
            var column = reader.ReadString();
            var nonNull = reader.ReadInt64();
            var distinct = reader.ReadInt64();
            var values = new uint[MinHashSignature.Length];
            for (var v = 0; v < values.Length; v++)
            {
                values[v] = reader.ReadUInt32();
            }
            var bottomK = ReadBottomK(reader);
            var precision = reader.ReadByte();
            var registers = new byte[1 << precision];
            var nonZero = reader.ReadInt32();
            for (var r = 0; r < nonZero; r++)
            {
                var registerIndex = reader.ReadUInt16();
                registers[registerIndex] = reader.ReadByte();
            }
            keys[i] = new ColumnSketch(column, nonNull, distinct, MinHashSignature.FromValues(values), bottomK, HyperLogLog.FromRegisters(precision, registers));
        }
        var nameTokens = ReadStrings(reader);
        var headerTokens = ReadStrings(reader);
        var tokenCount = reader.ReadInt32();
        var valueTokens = new Dictionary<string, int>(tokenCount, StringComparer.Ordinal);
        for (var i = 0; i < tokenCount; i++)
        {
            var token = reader.ReadString();
            valueTokens[token] = reader.ReadInt32();
        }
        var tableValues = ReadBottomK(reader);
        return new TableSketch(id, name, rows, columns, keys, new UnionProfile(nameTokens, headerTokens, valueTokens, tableValues));
    }

    private static void WriteBottomK(BinaryWriter writer, BottomKSketch sketch)
    {
        writer.Write(sketch.IsComplete);
        writer.Write(sketch.Hashes.Length);
        foreach (var hash in sketch.Hashes)
        {
            writer.Write(hash);
        }
    }

    private static BottomKSketch ReadBottomK(BinaryReader reader)
    {
        var complete = reader.ReadBoolean();
        var hashes = new ulong[reader.ReadInt32()];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = reader.ReadUInt64();
        }
        return BottomKSketch.FromHashes(hashes, complete);
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var values = new string[reader.ReadInt32()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.ReadString();
        }
        return values;
    }
}
