using System.Globalization;
using System.Text;

namespace Agora.Platform.Demo;

/// <summary>Writes RFC 4180 CSV the same way every time: UTF-8 without BOM, LF line ends, invariant culture, fields
/// quoted only when they must be.</summary>
public sealed class DemoCsvWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly int _columns;
    private int _field;

    internal DemoCsvWriter(Stream stream, IReadOnlyList<string> header)
    {
        _writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
        _columns = header.Count;
        foreach (var name in header)
        {
            Field(name);
        }
        EndRow();
    }

    public int Rows { get; private set; } = -1;

    public DemoCsvWriter Field(string? value)
    {
        if (_field > 0)
        {
            _writer.Write(',');
        }
        _field++;
        if (value is null)
        {
            return this;
        }
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (value[0] == ' ' || value[^1] == ' ')))
        {
            _writer.Write('"');
            _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
            _writer.Write('"');
        }
        else
        {
            _writer.Write(value);
        }
        return this;
    }

    public DemoCsvWriter Field(int value) => Field(value.ToString(CultureInfo.InvariantCulture));

    public DemoCsvWriter Field(long value) => Field(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A number with a fixed count of decimals.</summary>
    public DemoCsvWriter Field(double value, int decimals) =>
        Field(value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture));

    public DemoCsvWriter Field(DateOnly value) => Field(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public void EndRow()
    {
        if (_field != _columns)
        {
            throw new InvalidOperationException($"Row {Rows + 1} has {_field} fields; the header has {_columns}.");
        }
        _writer.Write('\n');
        _field = 0;
        Rows++;
    }

    public void Dispose() => _writer.Dispose();
}
