using System.Globalization;
using DuckDB.NET.Data;

namespace Agora.Data.Files;

/// <summary>The file formats Agora reads and writes.</summary>
public enum TabularFormat
{
    /// <summary>Delimited text with a header row; the delimiter is detected.</summary>
    Csv,

    /// <summary>Apache Parquet.</summary>
    Parquet,

    /// <summary>One JSON object per line.</summary>
    JsonLines,
}

/// <summary>Reads and writes tabular files through DuckDB for the offline commands (<c>agora anonymise</c>, <c>profile</c>, …).
/// Platform ingestion, with its stricter checks, lives in <c>Ingestion/</c>.</summary>
public static class TabularFile
{
    /// <summary>The format implied by a file name's extension.</summary>
    public static TabularFormat FormatOf(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".csv" or ".tsv" or ".txt" => TabularFormat.Csv,
            ".parquet" or ".pq" => TabularFormat.Parquet,
            ".jsonl" or ".ndjson" => TabularFormat.JsonLines,
            _ => throw new TabularFileException($"{Path.GetFileName(path)}: unknown file type '{extension}'; expected .csv, .tsv, .parquet or .jsonl."),
        };
    }

    /// <summary>A DuckDB table expression that reads the file, for use after <c>FROM</c>. Every CSV column is read as text,
    /// so no value is altered by type guessing; callers cast where they need numbers.</summary>
    public static string ReadExpression(string path, bool allText = true)
    {
        var literal = DuckDbSql.Literal(Path.GetFullPath(path));
        return FormatOf(path) switch
        {
            TabularFormat.Csv => allText
                ? $"read_csv({literal}, header = true, all_varchar = true, auto_detect = true)"
                : $"read_csv({literal}, header = true, auto_detect = true)",
            TabularFormat.Parquet => $"read_parquet({literal})",
            TabularFormat.JsonLines => $"read_json({literal}, format = 'newline_delimited')",
            _ => throw new InvalidOperationException(),
        };
    }

    /// <summary>The delimiter of a CSV file when its header line holds exactly one of <c>,</c> <c>;</c> tab <c>|</c>
    /// (inside quotes or not); null otherwise, when DuckDB's sniffer has to decide.</summary>
    public static char? DelimiterHint(string path)
    {
        var header = FirstLineOf(path);
        char? found = null;
        foreach (var candidate in ",;\t|")
        {
            if (header.Contains(candidate, StringComparison.Ordinal))
            {
                if (found is not null)
                {
                    return null;
                }
                found = candidate;
            }
        }
        return found;
    }

    private static string FirstLineOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        var buffer = new byte[64 * 1024];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var end = Array.IndexOf(buffer, (byte)'\n', 0, length);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end < 0 ? length : end);
    }

    /// <summary>A <c>COPY (query) TO path</c> statement in the format implied by the output path.</summary>
    public static string CopyStatement(string selectSql, string outputPath)
    {
        var literal = DuckDbSql.Literal(Path.GetFullPath(outputPath));
        var options = FormatOf(outputPath) switch
        {
            TabularFormat.Csv => Path.GetExtension(outputPath).Equals(".tsv", StringComparison.OrdinalIgnoreCase)
                ? "FORMAT csv, HEADER true, DELIMITER '\t'"
                : "FORMAT csv, HEADER true",
            TabularFormat.Parquet => "FORMAT parquet, COMPRESSION zstd",
            TabularFormat.JsonLines => "FORMAT json",
            _ => throw new InvalidOperationException(),
        };
        return $"COPY ({selectSql}) TO {literal} ({options})";
    }

    /// <summary>Files of at most this many bytes are copied into memory by <see cref="OpenForRepeatedScans"/>; larger
    /// ones are read through a view, scan after scan, so that memory never has to hold them.</summary>
    public const long RepeatedScanCopyLimit = 1L << 30;

    /// <summary>Opens an in-memory DuckDB database with a view named <paramref name="viewName"/> over the file.</summary>
    /// <exception cref="TabularFileException">The file is missing or DuckDB cannot read it.</exception>
    public static DuckDBConnection OpenAsView(string path, string viewName = "input", bool allText = true) =>
        Open(path, viewName, allText, copy: false);

    /// <summary>Opens an in-memory DuckDB database where <paramref name="name"/> holds the file's rows, for callers that
    /// scan them many times (a profile runs one query per column). A CSV or JSON file under
    /// <see cref="RepeatedScanCopyLimit"/> is read once into a temporary table, since a view would parse the whole text
    /// again on every scan; Parquet, which is read column by column, and larger files stay views.</summary>
    /// <exception cref="TabularFileException">The file is missing or DuckDB cannot read it (for a copied file, any row).</exception>
    public static DuckDBConnection OpenForRepeatedScans(string path, string name = "input", bool allText = true) =>
        Open(path, name, allText, copy: File.Exists(path) && FormatOf(path) != TabularFormat.Parquet && new FileInfo(path).Length <= RepeatedScanCopyLimit);

    private static DuckDBConnection Open(string path, string name, bool allText, bool copy)
    {
        if (!File.Exists(path))
        {
            throw new TabularFileException($"{path}: file not found.");
        }
        var connection = new DuckDBConnection("DataSource=:memory:");
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            if (copy)
            {
                command.CommandText = $"CREATE TEMP TABLE {DuckDbSql.Identifier(name)} AS SELECT * FROM {ReadExpression(path, allText)}";
                command.ExecuteNonQuery();
                return connection;
            }
            command.CommandText = $"CREATE VIEW {DuckDbSql.Identifier(name)} AS SELECT * FROM {ReadExpression(path, allText)}";
            command.ExecuteNonQuery();
            // Binding the view reads the header now, so an unreadable file fails here rather than mid-way.
            command.CommandText = $"SELECT * FROM {DuckDbSql.Identifier(name)} LIMIT 0";
            command.ExecuteNonQuery();
            return connection;
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            throw new TabularFileException($"{Path.GetFileName(path)}: cannot be read as {FormatOf(path)}: {FirstLine(e.Message)}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The column names of a view or table, in order.</summary>
    public static IReadOnlyList<string> ColumnNames(DuckDBConnection connection, string relation = "input")
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM {DuckDbSql.Identifier(relation)} LIMIT 0";
        using var reader = command.ExecuteReader();
        var names = new string[reader.FieldCount];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = reader.GetName(i);
        }
        return names;
    }

    /// <summary>Writes a query's result to a file atomically: a temporary file in the same folder is renamed over the
    /// target, so a crash never leaves a half-written output.</summary>
    public static void WriteAtomically(DuckDBConnection connection, string selectSql, string outputPath)
    {
        var full = Path.GetFullPath(outputPath);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture,
            $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(full)}"));
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = CopyStatement(selectSql, temporary);
            command.ExecuteNonQuery();
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

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}

/// <summary>A file that cannot be read or written; the message names the file and the reason.</summary>
public sealed class TabularFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TabularFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public TabularFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public TabularFileException()
    {
    }
}
