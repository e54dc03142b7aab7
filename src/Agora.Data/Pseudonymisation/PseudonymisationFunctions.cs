using System.Globalization;
using System.Security.Cryptography;
using Agora.Privacy.Detection;
using Agora.Privacy.Pseudonymisation;
using DuckDB.NET.Data;
using DuckDB.NET.Data.DataChunk.Reader;
using DuckDB.NET.Data.DataChunk.Writer;

#pragma warning disable DuckDBNET001 // Scalar functions are marked experimental in DuckDB.NET 1.5; they are what streaming needs.

namespace Agora.Data.Pseudonymisation;

/// <summary>The pseudonymisation techniques as DuckDB scalar functions, so that <c>COPY (SELECT agora_hmac(name) …) TO
/// 'out.parquet'</c> streams a file through them chunk by chunk (2,048 rows at a time, on DuckDB's threads) and no table
/// ever sits whole in .NET memory. One instance per connection; it owns the primitives and their keys.</summary>
/// <remarks>Functions (NULL in, NULL out): <c>agora_hmac</c>, <c>agora_siv</c>/<c>agora_siv_open</c>,
/// <c>agora_fpe</c>/<c>agora_fpe_open</c>, <c>agora_mask</c>, <c>agora_scrub</c>, <c>agora_email_domain</c>,
/// <c>agora_ip_prefix</c>/<c>agora_ip_prefix_open</c>, <c>agora_shift_date(date, subject)</c>/<c>agora_unshift_date</c>
/// (DATE), <c>agora_shift_timestamp</c>/<c>agora_unshift_timestamp</c> (TIMESTAMP), <c>agora_shift_date_text</c>/
/// <c>agora_unshift_date_text</c> (VARCHAR), <c>agora_token_new()</c>, <c>agora_vault_seal(token, value)</c>,
/// <c>agora_vault_open(token, sealed)</c> (sealed entries as base64 text), and <c>agora_pii_signals(value)</c> for detection.</remarks>
public sealed class PseudonymisationFunctions : IDisposable
{
    private readonly DomainKeyChain _keys;
    private readonly KeyedPseudonymiser _hmac;
    private readonly DeterministicEncryption _siv;
    private readonly FormatPreservingEncryption _fpe;
    private readonly TokenVault _vault;
    private readonly DateShifter _dates;
    private readonly PrefixPreservingIp _ip;
    private readonly EmailPseudonymiser _email;
    private readonly byte[]? _documentNonce;
    private readonly Dictionary<int, DeterministicEncryption> _sivByVersion = [];
    private readonly Lock _lock = new();

    private PseudonymisationFunctions(DomainKeyChain keys, PseudonymisationPolicy policy, string documentId, int maxShiftDays)
    {
        _keys = keys;
        Policy = policy;
        DocumentId = documentId;
        var current = keys.Current;
        // Per-document: one-way techniques take document-specific keys; reversible ones keep the domain key so that the
        // holder of the domain key can still reverse them (SIV then carries a per-document nonce).
        var perDocument = policy == PseudonymisationPolicy.PerDocument;
        _hmac = new KeyedPseudonymiser(perDocument ? current.KeyFor(KeyPurpose.Hmac, documentId) : current.KeyFor(KeyPurpose.Hmac));
        _email = new EmailPseudonymiser(perDocument ? current.KeyFor(KeyPurpose.Email, documentId) : current.KeyFor(KeyPurpose.Email));
        _siv = new DeterministicEncryption(current.KeyFor(KeyPurpose.Siv), current.KeyVersion);
        _sivByVersion[current.KeyVersion] = _siv;
        _fpe = new FormatPreservingEncryption(current.KeyFor(KeyPurpose.Fpe));
        _vault = new TokenVault(current.KeyFor(KeyPurpose.TokenVault));
        _dates = new DateShifter(current.KeyFor(KeyPurpose.DateShift), maxShiftDays);
        _ip = new PrefixPreservingIp(current.KeyFor(KeyPurpose.IpPrefix));
        _documentNonce = perDocument ? current.KeyFor(KeyPurpose.Siv, documentId, 12) : null;
    }

    /// <summary>The policy the functions apply.</summary>
    public PseudonymisationPolicy Policy { get; }

    /// <summary>The document identifier of the per-document policy (random per run).</summary>
    public string DocumentId { get; }

    /// <summary>Registers every function on a connection.</summary>
    public static PseudonymisationFunctions Register(DuckDBConnection connection, DomainKeyChain keys,
        PseudonymisationPolicy policy = PseudonymisationPolicy.Deterministic, int maxShiftDays = 365, string? documentId = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keys);
        var functions = new PseudonymisationFunctions(keys, policy, documentId ?? PseudonymisationKeys.NewDocumentId(), maxShiftDays);
        functions.RegisterAll(connection);
        return functions;
    }

    /// <summary>Registers only the detection function (no keys needed).</summary>
    public static void RegisterDetection(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.RegisterScalarFunction<string, ulong>("agora_pii_signals", (readers, writer, rows) =>
        {
            var reader = readers[0];
            for (ulong row = 0; row < rows; row++)
            {
                writer.WriteValue(ValueRecogniser.Recognise(reader.GetValue<string>(row)).Bits, row);
            }
        });
    }

    private void RegisterAll(DuckDBConnection connection)
    {
        var randomised = Policy == PseudonymisationPolicy.FullyRandomised;
        if (randomised)
        {
            Text(connection, "agora_hmac", RandomisedHmac);
        }
        else
        {
            RegisterHmac(connection);
        }
        Text(connection, "agora_siv", value => randomised ? _siv.Encrypt(value, randomised: true)
            : _documentNonce is { } nonce ? _siv.Encrypt(value, nonce) : _siv.Encrypt(value));
        Text(connection, "agora_siv_open", value => SivFor(value).Decrypt(value));
        Text(connection, "agora_fpe", _fpe.Encrypt);
        Text(connection, "agora_fpe_open", _fpe.Decrypt);
        Text(connection, "agora_mask", value => Masking.Mask(value));
        Text(connection, "agora_scrub", FreeTextScanner.Redact);
        Text(connection, "agora_email_domain", randomised ? RandomisedEmail : _email.Pseudonymise);
        Text(connection, "agora_ip_prefix", _ip.Pseudonymise);
        Text(connection, "agora_ip_prefix_open", _ip.Reverse);
        TextWithSubject(connection, "agora_shift_date_text", (value, subject) => ShiftText(value, subject, forward: true));
        TextWithSubject(connection, "agora_unshift_date_text", (value, subject) => ShiftText(value, subject, forward: false));
        connection.RegisterScalarFunction<DateOnly, string, DateOnly>("agora_shift_date", (readers, writer, rows) =>
            Each(readers, writer, rows, (r, i) => _dates.Shift(r[0].GetValue<DateOnly>(i), r[1].GetValue<string>(i))));
        connection.RegisterScalarFunction<DateOnly, string, DateOnly>("agora_unshift_date", (readers, writer, rows) =>
            Each(readers, writer, rows, (r, i) => _dates.Unshift(r[0].GetValue<DateOnly>(i), r[1].GetValue<string>(i))));
        connection.RegisterScalarFunction<DateTime, string, DateTime>("agora_shift_timestamp", (readers, writer, rows) =>
            Each(readers, writer, rows, (r, i) => _dates.Shift(r[0].GetValue<DateTime>(i), r[1].GetValue<string>(i))));
        connection.RegisterScalarFunction<DateTime, string, DateTime>("agora_unshift_timestamp", (readers, writer, rows) =>
            Each(readers, writer, rows, (r, i) => r[0].GetValue<DateTime>(i).AddDays(-_dates.OffsetDays(r[1].GetValue<string>(i)))));
        connection.RegisterScalarFunction<string>("agora_token_new", (writer, rows) =>
        {
            for (ulong row = 0; row < rows; row++)
            {
                writer.WriteValue(TokenVault.NewToken(), row);
            }
        }, new ScalarFunctionOptions { IsPureFunction = false });
        // Vault entries travel as base64 text: DuckDB.NET's chunk writer has no BLOB support.
        TextWithSubject(connection, "agora_vault_seal", (token, value) => Convert.ToBase64String(_vault.Seal(token, value)));
        TextWithSubject(connection, "agora_vault_open", (token, sealedValue) => _vault.Open(token, DecodeEntry(sealedValue)));
        RegisterDetection(connection);
    }

    // The hot path of the benchmark: one thread-local lookup per chunk, stack buffers, one string per row for the writer.
    private void RegisterHmac(DuckDBConnection connection) =>
        connection.RegisterScalarFunction<string, string>("agora_hmac", (readers, writer, rows) =>
        {
            var reader = readers[0];
            var state = _hmac.ThreadState;
            Span<char> hex = stackalloc char[KeyedPseudonymiser.PseudonymLength];
            for (ulong row = 0; row < rows; row++)
            {
                KeyedPseudonymiser.WriteHex(state, reader.GetValue<string>(row), hex);
                writer.WriteValue(new string(hex), row);
            }
        });

    private static byte[] DecodeEntry(string entry)
    {
        try
        {
            return Convert.FromBase64String(entry);
        }
        catch (FormatException)
        {
            throw new PseudonymisationException("A vault entry is not valid base64 (altered vault?).");
        }
    }

    private string RandomisedHmac(string value)
    {
        // A fresh random salt per occurrence: the result is a pseudonym nobody, not even the key holder, can link.
        Span<byte> salt = stackalloc byte[16];
        RandomNumberGenerator.Fill(salt);
        return _hmac.Pseudonymise(Convert.ToHexString(salt) + value);
    }

    private string RandomisedEmail(string value)
    {
        var at = value.LastIndexOf('@');
        return RandomisedHmac(value)[..20] + (at > 0 ? value[at..].ToLowerInvariant() : "");
    }

    private DeterministicEncryption SivFor(string pseudonym)
    {
        var version = DeterministicEncryption.VersionOf(pseudonym) ?? _keys.CurrentVersion;
        lock (_lock)
        {
            if (!_sivByVersion.TryGetValue(version, out var siv))
            {
                var keys = _keys.For(version);
                siv = new DeterministicEncryption(keys.KeyFor(KeyPurpose.Siv), version);
                _sivByVersion[version] = siv;
            }
            return siv;
        }
    }

    private string ShiftText(string value, string subject, bool forward)
    {
        if (!ValueRecogniser.TryParseDate(value, out var date))
        {
            throw new PseudonymisationException("shift-date needs dates (yyyy-mm-dd, dd/mm/yyyy or dd.mm.yyyy); a value is not one.");
        }
        var shifted = forward ? _dates.Shift(date, subject) : _dates.Unshift(date, subject);
        return shifted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private static void Text(DuckDBConnection connection, string name, Func<string, string> transform) =>
        connection.RegisterScalarFunction<string, string>(name, (readers, writer, rows) =>
        {
            var reader = readers[0];
            for (ulong row = 0; row < rows; row++)
            {
                writer.WriteValue(transform(reader.GetValue<string>(row)), row);
            }
        });

    private static void TextWithSubject(DuckDBConnection connection, string name, Func<string, string, string> transform) =>
        connection.RegisterScalarFunction<string, string, string>(name, (readers, writer, rows) =>
            Each(readers, writer, rows, (r, i) => transform(r[0].GetValue<string>(i), r[1].GetValue<string>(i))));

    private static void Each<T>(IReadOnlyList<IDuckDBDataReader> readers, IDuckDBDataWriter writer, ulong rows,
        Func<IReadOnlyList<IDuckDBDataReader>, ulong, T> compute)
    {
        for (ulong row = 0; row < rows; row++)
        {
            writer.WriteValue(compute(readers, row), row);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _hmac.Dispose();
        _email.Dispose();
        _dates.Dispose();
        _ip.Dispose();
    }
}
