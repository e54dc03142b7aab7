using System.Security.Cryptography;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>HMAC-SHA-256 (RFC 2104) under one key, reused for many short messages on one thread: the hot path of keyed
/// pseudonymisation (ten million values per file). On Linux it calls the platform's OpenSSL 3 HMAC (<c>EVP_MAC</c>) in
/// <c>libcrypto.so.3</c> directly; where that library is not there (Windows, macOS, OpenSSL 1.1) it uses
/// <see cref="IncrementalHash"/>. Both are the same OpenSSL or operating-system HMAC and give the same bytes. Not
/// thread-safe: keep one instance per thread.</summary>
/// <remarks>Why not <see cref="IncrementalHash"/> everywhere: .NET's OpenSSL shim clears OpenSSL's per-thread error
/// queue before each of its three calls per message (update, final, reset), and for a 30-byte message that bookkeeping
/// costs more than the HMAC itself (bench/README.md, "Pseudonymisation"). The direct calls skip it and clear the queue
/// only after a failure. The key goes into OpenSSL's context once and is wiped when the context is freed.</remarks>
public sealed class HmacSha256 : IDisposable
{
    /// <summary>Bytes of a full HMAC-SHA-256 output.</summary>
    public const int MacLength = 32;

    private readonly OpenSslMacContext? _openSsl;
    private readonly IncrementalHash? _portable;

    private HmacSha256(OpenSslMacContext? openSsl, IncrementalHash? portable)
    {
        _openSsl = openSsl;
        _portable = portable;
    }

    /// <summary>Whether this instance calls OpenSSL directly (false: <see cref="IncrementalHash"/>).</summary>
    public bool UsesOpenSsl => _openSsl is not null;

    /// <summary>Whether the platform's OpenSSL 3 HMAC can be called directly in this process.</summary>
    public static bool OpenSslAvailable => OpenSslHmac.IsAvailable;

    /// <summary>A state for <paramref name="key"/>: OpenSSL directly where available, else <see cref="IncrementalHash"/>.</summary>
    public static HmacSha256 Create(ReadOnlySpan<byte> key) =>
        OpenSslHmac.IsAvailable ? new HmacSha256(OpenSslHmac.CreateContext(key), null) : CreatePortable(key);

    /// <summary>A state for <paramref name="key"/> through <see cref="IncrementalHash"/> only (the fallback, and the
    /// reference the direct path is tested against).</summary>
    public static HmacSha256 CreatePortable(ReadOnlySpan<byte> key) =>
        new(null, IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key));

    /// <summary>Writes the HMAC of <paramref name="message"/> into <paramref name="mac"/> (at least 32 bytes); the state
    /// is ready for the next message afterwards.</summary>
    public void Compute(ReadOnlySpan<byte> message, Span<byte> mac)
    {
        if (mac.Length < MacLength)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(mac));
        }
        if (_openSsl is not null)
        {
            OpenSslHmac.Compute(_openSsl, message, mac[..MacLength]);
            return;
        }
        _portable!.AppendData(message);
        _portable.GetHashAndReset(mac);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _openSsl?.Dispose();
        _portable?.Dispose();
    }
}
