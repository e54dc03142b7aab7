namespace Agora.Platform.Accounts;

/// <summary>A bearer token for the CLI and the API. Only its SHA-256 hash is stored; the secret is shown once.</summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string UserId { get; set; }

    public required string Name { get; set; }

    /// <summary>The first characters of the token, shown in lists so a person recognises it.</summary>
    public required string Prefix { get; set; }

    /// <summary>Hex SHA-256 of the whole token. Tokens carry 256 random bits, so an unsalted fast hash is safe here.</summary>
    public required string Hash { get; set; }

    public TokenScopes Scopes { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>What a token may do, on top of what its owner's roles allow.</summary>
[Flags]
public enum TokenScopes
{
    None = 0,

    /// <summary>Read the catalogue, datasets and versions the owner may see.</summary>
    Read = 1,

    /// <summary>Create datasets, upload versions, edit metadata, submit for review.</summary>
    Publish = 2,

    /// <summary>Run queries and algorithms under agreements.</summary>
    Query = 4,

    /// <summary>Approve, reject, manage members.</summary>
    Manage = 8,

    All = Read | Publish | Query | Manage,
}
