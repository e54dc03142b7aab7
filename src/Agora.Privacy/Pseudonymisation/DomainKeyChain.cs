using Agora.Privacy.Keys;

namespace Agora.Privacy.Pseudonymisation;

/// <summary>Every key version of one pseudonymisation domain: the current version makes new pseudonyms, older versions
/// still open the reversible pseudonyms made before a rotation. Keys are opened on first use and cached.</summary>
public sealed class DomainKeyChain : IDisposable
{
    private readonly Func<int, PseudonymisationKeys> _open;
    private readonly Dictionary<int, PseudonymisationKeys> _opened = [];
    private readonly Lock _lock = new();

    /// <summary>Creates a chain from a function that opens a version's keys (for example by unwrapping a stored domain
    /// data key).</summary>
    public DomainKeyChain(string domain, int currentVersion, Func<int, PseudonymisationKeys> open)
    {
        PseudonymisationKeys.ValidateDomain(domain);
        Domain = domain;
        CurrentVersion = currentVersion;
        _open = open ?? throw new ArgumentNullException(nameof(open));
    }

    /// <summary>A chain whose keys are derived from a key ring's versions (offline files with a key file).</summary>
    public static DomainKeyChain FromKeyRing(KeyRing ring, string domain, int? version = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return new DomainKeyChain(domain, version ?? ring.CurrentVersion, v => PseudonymisationKeys.DeriveFrom(ring, domain, v));
    }

    /// <summary>The domain.</summary>
    public string Domain { get; }

    /// <summary>The version that makes new pseudonyms.</summary>
    public int CurrentVersion { get; }

    /// <summary>The current keys.</summary>
    public PseudonymisationKeys Current => For(CurrentVersion);

    /// <summary>The keys of a version.</summary>
    /// <exception cref="KeyRingException">The version cannot be opened.</exception>
    public PseudonymisationKeys For(int version)
    {
        lock (_lock)
        {
            if (!_opened.TryGetValue(version, out var keys))
            {
                keys = _open(version);
                _opened[version] = keys;
            }
            return keys;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var keys in _opened.Values)
        {
            keys.Dispose();
        }
        _opened.Clear();
    }
}
