using System.Text;
using Agora.Data.Ingestion;
using Agora.Data.Tests.Storage;

namespace Agora.Data.Tests.Ingestion;

/// <summary>Each kind of bad upload is refused with its rule, line and column, and leaves nothing in the store.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly StoreFixture _store = new(new IngestionOptions { MaxFileBytes = 4 << 20 });

    public void Dispose() => _store.Dispose();

    private async Task<IngestionError> RefusedAsync(string path, Func<IngestionPlan, IngestionPlan>? correct = null)
    {
        var error = await Assert.ThrowsAsync<IngestionException>(async () =>
        {
            var plan = _store.Store.Inspect(path).Plan;
            await _store.Store.IngestAsync(path, correct is null ? plan : correct(plan));
        });
        Assert.Empty(_store.StoredFiles());
        return error.Error;
    }

    [Fact]
    public async Task RaggedRow_NamesLine()
    {
        var error = await RefusedAsync(_store.Write("r.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n"));
        Assert.Equal((IngestionRule.RaggedRow, 3L), (error.Rule, error.Row));
        Assert.Contains("Line 3 has 2 fields; the header has 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooManyFields_IsRagged()
    {
        var rows = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},x,y\n"));
        var error = await RefusedAsync(_store.Write("r.csv", "a,b,c\n" + rows + "9,x,y,z\n"));
        Assert.Equal((IngestionRule.RaggedRow, 52L), (error.Rule, error.Row));
    }

    [Fact]
    public async Task UnbalancedQuote_NamesLineAndColumn()
    {
        var rows = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},\"text {i}\",{i}\n"));
        var error = await RefusedAsync(_store.Write("q.csv", "a,b,c\n" + rows + "99,\"never closed,5\n100,x,6\n"));
        Assert.Equal((IngestionRule.UnbalancedQuote, 52L, "b"), (error.Rule, error.Row, error.Column));
    }

    [Fact]
    public async Task BinaryFile_IsRefusedByItsSignature()
    {
        var error = await RefusedAsync(_store.WriteBytes("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]));
        Assert.Equal(IngestionRule.BinaryData, error.Rule);
        Assert.Contains("PNG", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NulByteAfterTheInspectedHead_IsFoundByTheFullPass()
    {
        var builder = new StringBuilder("id,text\n");
        var line = 1;
        while (builder.Length < (1 << 20) + 1000)
        {
            builder.Append(line++).Append(",some ordinary text\n");
        }
        var bytes = Encoding.UTF8.GetBytes(builder.Append("999999,hidden\0nul\n").ToString());
        var error = await RefusedAsync(_store.WriteBytes("nul.csv", bytes));
        Assert.Equal((IngestionRule.BinaryData, (long)line + 1), (error.Rule, error.Row));
    }

    [Fact]
    public async Task InvalidUtf8AfterTheInspectedHead_IsWrongEncoding()
    {
        var builder = new StringBuilder("id,text\n");
        var line = 1;
        while (builder.Length < (1 << 20) + 1000)
        {
            builder.Append(line++).Append(",some ordinary text\n");
        }
        var head = Encoding.UTF8.GetBytes(builder.ToString());
        byte[] bad = [.. "777,caf"u8, 0xE9, .. "\n"u8];
        var error = await RefusedAsync(_store.WriteBytes("enc.csv", [.. head, .. bad]));
        Assert.Equal((IngestionRule.WrongEncoding, (long)line + 1, "text"), (error.Rule, error.Row, error.Column));
    }

    [Fact]
    public async Task DeclaredUtf8ForLatin1File_IsWrongEncoding()
    {
        var path = _store.Write("latin.csv", "name,city\nZoé,Münsbach\n", Encoding.Latin1);
        var error = await RefusedAsync(path, plan => plan with { Encoding = TextEncoding.Utf8 });
        Assert.Equal((IngestionRule.WrongEncoding, 2L), (error.Rule, error.Row));
    }

    [Fact]
    public async Task EmptyFile_IsRefused()
    {
        var error = await Assert.ThrowsAsync<IngestionException>(() => Task.FromResult(_store.Store.Inspect(_store.Write("e.csv", ""))));
        Assert.Equal(IngestionRule.EmptyFile, error.Error.Rule);
        Assert.Empty(_store.StoredFiles());
    }

    [Fact]
    public async Task HeaderOnly_IsEmpty()
    {
        var error = await RefusedAsync(_store.Write("h.csv", "a,b\n"));
        Assert.Equal(IngestionRule.EmptyFile, error.Rule);
    }

    [Fact]
    public void FileOverTheLimit_IsRefusedBeforeReading()
    {
        var path = _store.WriteBytes("big.csv", Encoding.ASCII.GetBytes("a\n" + new string('1', 5 << 20)));
        var error = Assert.Throws<IngestionException>(() => _store.Store.Inspect(path));
        Assert.Equal(IngestionRule.FileTooLarge, error.Error.Rule);
        Assert.Contains("limit is 4 MiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DuplicateColumnNames_AreRefusedUntilRenamed()
    {
        var path = _store.Write("d.csv", "id,Name,name\n1,a,b\n");
        var error = await RefusedAsync(path);
        Assert.Equal((IngestionRule.DuplicateColumnName, 1L, "name"), (error.Rule, error.Row, error.Column));
        var plan = _store.Store.Inspect(path).Plan.Rename("#3", "name_2");
        var version = await _store.Store.IngestAsync(path, plan);
        Assert.Equal(["id", "Name", "name_2"], version.Columns.Select(c => c.Name));
    }

    [Fact]
    public async Task EmptyColumnName_IsRefused()
    {
        var error = await RefusedAsync(_store.Write("e.csv", "id,,x\n1,a,b\n"));
        Assert.Equal((IngestionRule.EmptyColumnName, 1L, "#2"), (error.Rule, error.Row, error.Column));
    }

    [Fact]
    public async Task ValueThatDoesNotFitACorrectedType_NamesLineColumnAndValue()
    {
        var path = _store.Write("t.csv", "id,code\n1,12\n2,34\n3,AB7\n");
        var error = await RefusedAsync(path, plan => plan.Retype("code", ColumnType.Integer).Rename("code", "code_number"));
        Assert.Equal((IngestionRule.ValueDoesNotFitType, 4L, "code_number"), (error.Rule, error.Row, error.Column));
        Assert.Contains("\"AB7\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("an integer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedJsonLine_NamesTheLine()
    {
        var error = await RefusedAsync(_store.Write("m.jsonl", "{\"a\":1}\n{\"a\":2,,}\n{\"a\":3}\n"));
        Assert.Equal((IngestionRule.MalformedJson, 2L), (error.Rule, error.Row));
    }

    [Fact]
    public async Task JsonValueThatDoesNotFit_NamesLineAndColumn()
    {
        var path = _store.Write("v.jsonl", "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":\"y\"}\n{\"a\":\"three\",\"b\":\"z\"}\n");
        var error = await RefusedAsync(path, plan => plan.Retype("a", ColumnType.Integer));
        Assert.Equal((IngestionRule.ValueDoesNotFitType, 3L, "a"), (error.Rule, error.Row, error.Column));
    }

    [Fact]
    public async Task ParquetColumnRetypedWrongly_NamesRowAndColumn()
    {
        var csv = _store.Write("src.csv", "id,label\n1,10\n2,x\n");
        var parquet = Path.Combine(_store.Folder, "src.parquet");
        using (var connection = Agora.Data.Files.TabularFile.OpenAsView(csv))
        {
            Agora.Data.Files.TabularFile.WriteAtomically(connection, "SELECT * FROM input", parquet);
        }
        var error = await RefusedAsync(parquet, plan => plan.Retype("label", ColumnType.Integer));
        Assert.Equal((IngestionRule.ValueDoesNotFitType, 2L, "label"), (error.Rule, error.Row, error.Column));
    }

    [Fact]
    public async Task ParquetExtensionOnText_IsUnknownFormat()
    {
        var error = await Assert.ThrowsAsync<IngestionException>(() => Task.FromResult(_store.Store.Inspect(_store.Write("x.parquet", "a,b\n1,2\n"))));
        Assert.Equal(IngestionRule.UnknownFormat, error.Error.Rule);
    }

    [Fact]
    public void Error_ToString_NamesPlaceAndRule()
    {
        var error = new IngestionError(IngestionRule.RaggedRow, 3, "b", "Line 3 has 2 fields.");
        Assert.Equal("line 3, column \"b\": Line 3 has 2 fields. [ragged-row]", error.ToString());
        Assert.Equal("A row has the wrong number of fields", error.Title);
    }
}
