using System.Security.Cryptography;
using System.Text;
using Agora.Platform.Audit;
using Agora.Platform.Metadata;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Accounts;

/// <summary>Issues, checks and revokes personal access tokens.</summary>
public sealed class AccessTokenService(AgoraDbContext db, TimeProvider clock, AuditLog audit)
{
    public const string TokenPrefix = "agora_pat_";
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromDays(366);

    /// <summary>Creates a token; the returned secret is shown once and never stored.</summary>
    public async Task<(PersonalAccessToken Token, string Secret)> CreateAsync(
        string userId, string name, TokenScopes scopes, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
        {
            throw new PlatformException(PlatformError.Validation, "A token needs a name of 1 to 100 characters.");
        }
        if (scopes == TokenScopes.None || (scopes & ~TokenScopes.All) != 0)
        {
            throw new PlatformException(PlatformError.Validation, "A token needs at least one known scope.");
        }
        if (lifetime <= TimeSpan.Zero || lifetime > MaximumLifetime)
        {
            throw new PlatformException(PlatformError.Validation, "A token expires after 1 to 366 days.");
        }
        var secret = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        var token = new PersonalAccessToken
        {
            UserId = userId,
            Name = name.Trim(),
            Prefix = secret[..(TokenPrefix.Length + 4)],
            Hash = HashOf(secret),
            Scopes = scopes,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
        };
        db.AccessTokens.Add(token);
        await audit.AppendAsync(new AuditEvent("token.created", userId, null, "token", token.Id.ToString(),
            new Dictionary<string, string?> { ["scopes"] = scopes.ToString(), ["expiresAt"] = token.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture) }),
            cancellationToken);
        return (token, secret);
    }

    /// <summary>The live token for a secret, or null when it is unknown, expired or revoked.</summary>
    public async Task<PersonalAccessToken?> FindValidAsync(string secret, CancellationToken cancellationToken)
    {
        if (!secret.StartsWith(TokenPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }
        var hash = HashOf(secret);
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = clock.GetUtcNow();
        if (token is null || token.RevokedAt is not null || token.ExpiresAt <= now)
        {
            return null;
        }
        // Recording use at most once a minute keeps reads from turning into writes.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(cancellationToken);
        }
        return token;
    }

    public Task<List<PersonalAccessToken>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.AccessTokens.Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken);

    public async Task RevokeAsync(string userId, Guid tokenId, CancellationToken cancellationToken)
    {
        var token = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such token.");
        token.RevokedAt ??= clock.GetUtcNow();
        await audit.AppendAsync(new AuditEvent("token.revoked", userId, null, "token", token.Id.ToString()), cancellationToken);
    }

    private static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
