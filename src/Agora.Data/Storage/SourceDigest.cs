using System.Security.Cryptography;

namespace Agora.Data.Storage;

/// <summary>One sequential pass over the uploaded bytes: their SHA-256 (provenance: "this is exactly what was uploaded")
/// and, for text, the first NUL byte, which DuckDB would otherwise store silently inside a value.</summary>
internal static class SourceDigest
{
    public sealed record Result(string Sha256, long? NulLine, long? NulOffset);

    public static Result Compute(string path, bool findNul, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long offset = 0;
        long lines = 0;
        long? nulLine = null;
        long? nulOffset = null;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var span = buffer.AsSpan(0, read);
            hash.AppendData(span);
            if (findNul && nulOffset is null)
            {
                var nul = span.IndexOf((byte)0);
                if (nul >= 0)
                {
                    nulOffset = offset + nul;
                    nulLine = lines + span[..nul].Count((byte)'\n') + 1;
                }
                else
                {
                    lines += span.Count((byte)'\n');
                }
            }
            offset += read;
        }
        return new Result(Convert.ToHexStringLower(hash.GetHashAndReset()), nulLine, nulOffset);
    }
}
