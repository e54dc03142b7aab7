namespace Agora.Data.Storage;

/// <summary>
/// Parquet modular encryption as DuckDB 1.5.6 writes it: AES-GCM over the footer and every page with one 256-bit key
/// (the footer key). Keys are registered per connection with <c>PRAGMA add_parquet_key</c>.
/// </summary>
/// <remarks>DuckDB writes encrypted files only with OpenSSL from its httpfs extension, which is downloaded at run time and
/// cannot be here (offline, no extension repository); its built-in mbedTLS module needs <c>force_mbedtls_unsafe</c>.
/// "Unsafe" refers to nonces drawn from a non-cryptographic generator, which risks nonce reuse under a long-lived key.
/// Agora never reuses a key: each version gets a fresh key from <c>RandomNumberGenerator</c>, used for that one file, and
/// a test checks every nonce in a written file is distinct. See docs/adr/0031-encryption-at-rest.md.</remarks>
internal static class ParquetEncryption
{
    public const string AllowWritingStatement = "SET force_mbedtls_unsafe = true";

    public static string AddKeyStatement(string name, ReadOnlySpan<byte> key) =>
        $"PRAGMA add_parquet_key('{name}', '{Convert.ToBase64String(key)}')";

    public static string CopyOption(string name) => $"ENCRYPTION_CONFIG {{footer_key: '{name}'}}";

    public static string ReadOption(string name) => $"encryption_config = {{footer_key: '{name}'}}";
}
