using System.Globalization;
using System.Text;
using Agora.Data.Files;
using DuckDB.NET.Data;

namespace Agora.Data.Pseudonymisation;

/// <summary>What a linkage join produced.</summary>
/// <param name="LeftRows">Rows of the left dataset.</param>
/// <param name="RightRows">Rows of the right dataset.</param>
/// <param name="LinkedRows">Rows written (pairs that share a pseudonym).</param>
public sealed record LinkageSummary(long LeftRows, long RightRows, long LinkedRows);

/// <summary>Joins two datasets that were pseudonymised in the same linkage domain by their pseudonym column, inside the
/// platform: neither side's identifiers are needed, and the output carries the pseudonym, never the identity. Pseudonyms
/// from different domains do not match, so a join across domains links nothing (by design: EDPB 01/2025).</summary>
public static class PseudonymLinkage
{
    /// <summary>Writes the inner join of two files on their pseudonym columns. Columns of the right file whose names
    /// clash with the left file's get the prefix <c>right_</c>.</summary>
    public static LinkageSummary JoinFiles(string leftPath, string leftColumn, string rightPath, string rightColumn, string outputPath)
    {
        using var connection = TabularFile.OpenAsView(leftPath, "left_input");
        using (var command = connection.CreateCommand())
        {
            command.CommandText = $"CREATE VIEW right_input AS SELECT * FROM {TabularFile.ReadExpression(rightPath)}";
            command.ExecuteNonQuery();
        }
        var left = TabularFile.ColumnNames(connection, "left_input");
        var right = TabularFile.ColumnNames(connection, "right_input");
        if (!left.Contains(leftColumn))
        {
            throw new TabularFileException($"{Path.GetFileName(leftPath)}: no column '{leftColumn}'.");
        }
        if (!right.Contains(rightColumn))
        {
            throw new TabularFileException($"{Path.GetFileName(rightPath)}: no column '{rightColumn}'.");
        }
        var projection = new StringBuilder("l.*");
        foreach (var name in right.Where(n => n != rightColumn))
        {
            var alias = left.Contains(name) ? "right_" + name : name;
            projection.Append(", r.").Append(DuckDbSql.Identifier(name)).Append(" AS ").Append(DuckDbSql.Identifier(alias));
        }
        var select = $"SELECT {projection} FROM left_input AS l JOIN right_input AS r ON l.{DuckDbSql.Identifier(leftColumn)} = r.{DuckDbSql.Identifier(rightColumn)}";
        TabularFile.WriteAtomically(connection, select, outputPath);
        return new LinkageSummary(Count(connection, "SELECT count(*) FROM left_input"), Count(connection, "SELECT count(*) FROM right_input"),
            Count(connection, $"SELECT count(*) FROM {TabularFile.ReadExpression(outputPath)}"));
    }

    /// <summary>The inner join of two relations of one connection on their pseudonym columns, as a query (the platform
    /// stores its result as an encrypted derived version). Columns of the right relation whose names clash with the left's
    /// get the prefix <c>right_</c>; the right pseudonym column is left out (it equals the left one).</summary>
    /// <exception cref="TabularFileException">A pseudonym column does not exist.</exception>
    public static string JoinQuery(DuckDBConnection connection, string leftRelation, string leftColumn, string rightRelation, string rightColumn)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var left = TabularFile.ColumnNames(connection, leftRelation);
        var right = TabularFile.ColumnNames(connection, rightRelation);
        if (!left.Contains(leftColumn))
        {
            throw new TabularFileException($"the left dataset has no column '{leftColumn}'.");
        }
        if (!right.Contains(rightColumn))
        {
            throw new TabularFileException($"the right dataset has no column '{rightColumn}'.");
        }
        var projection = new StringBuilder("l.*");
        foreach (var name in right.Where(n => n != rightColumn))
        {
            var alias = left.Contains(name) ? "right_" + name : name;
            projection.Append(", r.").Append(DuckDbSql.Identifier(name)).Append(" AS ").Append(DuckDbSql.Identifier(alias));
        }
        return $"SELECT {projection} FROM {DuckDbSql.Identifier(leftRelation)} AS l JOIN {DuckDbSql.Identifier(rightRelation)} AS r "
            + $"ON l.{DuckDbSql.Identifier(leftColumn)} = r.{DuckDbSql.Identifier(rightColumn)}";
    }

    private static long Count(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
