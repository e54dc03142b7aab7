namespace Agora.Privacy.Pseudonymisation;

/// <summary>E-mail pseudonyms that keep the domain (ENISA 2019 use case): the local part becomes a keyed HMAC pseudonym,
/// so <c>jean.dupont@post.lu</c> becomes <c>3f9a…@post.lu</c>; statistics per provider or organisation survive, the person
/// does not. Local parts are compared case-insensitively, as mail systems do in practice. A value that is not an e-mail
/// address is pseudonymised whole, so nothing leaks in clear.</summary>
public sealed class EmailPseudonymiser : IDisposable
{
    private readonly KeyedPseudonymiser _mac;

    /// <summary>Creates the pseudonymiser with a 32-byte key.</summary>
    public EmailPseudonymiser(ReadOnlySpan<byte> key) => _mac = new KeyedPseudonymiser(key);

    /// <summary>The pseudonym.</summary>
    public string Pseudonymise(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var trimmed = email.Trim();
        var at = trimmed.LastIndexOf('@');
        if (at <= 0 || at == trimmed.Length - 1)
        {
            return _mac.Pseudonymise(trimmed);
        }
        var local = trimmed[..at].ToLowerInvariant();
        var domain = trimmed[(at + 1)..].ToLowerInvariant();
        return _mac.Pseudonymise(local + "@" + domain)[..20] + "@" + domain;
    }

    /// <inheritdoc/>
    public void Dispose() => _mac.Dispose();
}
