using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>The few OpenSSL 3 calls <see cref="HmacSha256"/> needs: <c>EVP_MAC_fetch("HMAC")</c>, a context per
/// thread keyed once with digest SHA256, then update / final / re-init (which reuses the key) per message. Loaded from
/// the same <c>libcrypto.so.3</c> .NET itself uses on Linux; absent anywhere else.</summary>
internal static unsafe class OpenSslHmac
{
    // OSSL_PARAM_UTF8_STRING in openssl/core.h.
    private const uint Utf8StringParameter = 4;

    private static readonly IntPtr HmacAlgorithm;
    private static readonly delegate* unmanaged<IntPtr, IntPtr> ContextNew;
    private static readonly delegate* unmanaged<IntPtr, void> ContextFree;
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint, OsslParameter*, int> Init;
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint, int> Update;
    private static readonly delegate* unmanaged<IntPtr, byte*, nuint*, nuint, int> Final;
    private static readonly delegate* unmanaged<void> ClearErrors;

#pragma warning disable CA1810 // the fields depend on each other and on one library load; a static constructor reads best
    static OpenSslHmac()
#pragma warning restore CA1810
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libcrypto.so.3", out var library))
        {
            return;
        }
        if (!NativeLibrary.TryGetExport(library, "EVP_MAC_fetch", out var fetch)
            || !NativeLibrary.TryGetExport(library, "EVP_MAC_CTX_new", out var contextNew)
            || !NativeLibrary.TryGetExport(library, "EVP_MAC_CTX_free", out var contextFree)
            || !NativeLibrary.TryGetExport(library, "EVP_MAC_init", out var init)
            || !NativeLibrary.TryGetExport(library, "EVP_MAC_update", out var update)
            || !NativeLibrary.TryGetExport(library, "EVP_MAC_final", out var final)
            || !NativeLibrary.TryGetExport(library, "ERR_clear_error", out var clearErrors))
        {
            return;
        }
        ContextNew = (delegate* unmanaged<IntPtr, IntPtr>)contextNew;
        ContextFree = (delegate* unmanaged<IntPtr, void>)contextFree;
        Init = (delegate* unmanaged<IntPtr, byte*, nuint, OsslParameter*, int>)init;
        Update = (delegate* unmanaged<IntPtr, byte*, nuint, int>)update;
        Final = (delegate* unmanaged<IntPtr, byte*, nuint*, nuint, int>)final;
        ClearErrors = (delegate* unmanaged<void>)clearErrors;
        fixed (byte* name = "HMAC\0"u8)
        {
            // Fetched once for the process and never freed, as .NET's own shim does.
            HmacAlgorithm = ((delegate* unmanaged<IntPtr, byte*, byte*, IntPtr>)fetch)(IntPtr.Zero, name, null);
        }
        ClearErrors();
    }

    public static bool IsAvailable => HmacAlgorithm != IntPtr.Zero;

    public static OpenSslMacContext CreateContext(ReadOnlySpan<byte> key)
    {
        var context = new OpenSslMacContext(ContextNew(HmacAlgorithm), ContextFree);
        if (context.IsInvalid)
        {
            context.Dispose();
            throw Failure();
        }
        fixed (byte* digestName = "digest\0"u8)
        fixed (byte* sha256 = "SHA256\0"u8)
        fixed (byte* keyBytes = key)
        {
            var parameters = stackalloc OsslParameter[2];
            parameters[0] = new OsslParameter(digestName, Utf8StringParameter, sha256, 6);
            parameters[1] = default;
            // An empty span pins to a null pointer, which OpenSSL reads as "keep the current key": point at a dummy
            // byte instead, so that an empty key is the empty key (as for IncrementalHash).
            byte none = 0;
            if (Init(context.DangerousGetHandle(), key.IsEmpty ? &none : keyBytes, (nuint)key.Length, parameters) != 1)
            {
                context.Dispose();
                throw Failure();
            }
        }
        return context;
    }

    public static void Compute(OpenSslMacContext context, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        var added = false;
        context.DangerousAddRef(ref added);
        try
        {
            var handle = context.DangerousGetHandle();
            fixed (byte* input = message)
            fixed (byte* output = mac)
            {
                nuint written = 0;
                // Re-init with no key and no parameters keeps the key: the context is ready for the next message.
                if (Update(handle, input, (nuint)message.Length) != 1
                    || Final(handle, output, &written, (nuint)mac.Length) != 1 || written != HmacSha256.MacLength
                    || Init(handle, null, 0, null) != 1)
                {
                    throw Failure();
                }
            }
        }
        finally
        {
            if (added)
            {
                context.DangerousRelease();
            }
        }
    }

    private static CryptographicException Failure()
    {
        // Leave nothing on this thread's OpenSSL error queue for the next caller (.NET reads it after its own calls).
        ClearErrors();
        return new CryptographicException("OpenSSL's HMAC-SHA-256 failed.");
    }

    /// <summary>OSSL_PARAM of openssl/core.h (a stable part of the OpenSSL 3 ABI).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct OsslParameter(byte* key, uint dataType, void* data, nuint dataSize)
    {
        private readonly byte* _key = key;
        private readonly uint _dataType = dataType;
        private readonly void* _data = data;
        private readonly nuint _dataSize = dataSize;
        private readonly nuint _returnSize = nuint.MaxValue; // OSSL_PARAM_UNMODIFIED
    }
}

/// <summary>An OpenSSL <c>EVP_MAC_CTX</c>, freed (and its key wiped by OpenSSL) exactly once.</summary>
internal sealed unsafe class OpenSslMacContext : SafeHandle
{
    private readonly delegate* unmanaged<IntPtr, void> _free;

    public OpenSslMacContext(IntPtr handle, delegate* unmanaged<IntPtr, void> free) : base(IntPtr.Zero, ownsHandle: true)
    {
        _free = free;
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        _free(handle);
        return true;
    }
}
