using System.Text;
using Agora.Data.Ingestion;
using CsCheck;

namespace Agora.Data.Tests.Ingestion;

/// <summary>Fuzzing of upload inspection (the first thing Agora does with a file a person sends): whatever the bytes, the
/// file is understood or refused with an <see cref="IngestionException"/> naming a rule; nothing else escapes and no
/// temporary copy is left behind.</summary>
public sealed class FileInspectorPropertyTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("agora-inspect-fuzz-");

    private static readonly string[] Seeds =
    [
        "hospital;beds;opened\nKirchberg;420;1983-05-01\nEsch;310;1976-09-12\n",
        "a,b,c\n1,\"x, y\",3.5\n2,\"multi\nline\",\n",
        "{\"a\":1,\"b\":\"x\"}\n{\"a\":2,\"b\":null}\n",
        "name\tvalue\nÄpfel\t1\n",
        "PAR1\0\0\0\0PAR1",
    ];

    private static readonly Gen<byte[]> Bytes = Gen.OneOf(
        Gen.Byte.Array[1, 300],
        Gen.String[1, 200].Select(Encoding.UTF8.GetBytes),
        Gen.OneOf(Seeds).SelectMany(seed => Gen.Select(Gen.Int[0, seed.Length - 1], Gen.Char.Array[0, 3], Gen.Int[0, 4])
            .Select((at, insert, cut) => Encoding.UTF8.GetBytes(seed[..at] + new string(insert) + seed[Math.Min(seed.Length, at + cut)..]))),
        Gen.OneOf(Seeds).SelectMany(seed => Gen.OneOf(Encoding.Latin1, Encoding.Unicode, Encoding.UTF8).Select(e => e.GetBytes(seed))));

    [Fact]
    public void RandomFiles_AreUnderstoodOrRefusedClearly()
    {
        Bytes.Sample(bytes =>
        {
            var path = Path.Combine(_folder.FullName, $"upload-{Guid.NewGuid():N}.csv");
            File.WriteAllBytes(path, bytes);
            try
            {
                var inspection = FileInspector.Inspect(path, workDirectory: _folder.FullName);
                Assert.NotEmpty(inspection.Columns);
            }
            catch (IngestionException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Error.Rule));
                Assert.False(string.IsNullOrWhiteSpace(e.Error.Message));
            }
            finally
            {
                File.Delete(path);
            }
            Assert.Empty(_folder.EnumerateFiles());
        }, iter: 150, threads: 1);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
