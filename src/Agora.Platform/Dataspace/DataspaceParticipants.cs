using System.Security.Cryptography;
using System.Text;
using Agora.Platform.Accounts;
using Agora.Platform.Agreements;
using Agora.Platform.Audit;
using Agora.Platform.Keys;
using Agora.Platform.Metadata;
using Agora.Platform.Organisations;
using Agora.Privacy.Keys;
using Microsoft.EntityFrameworkCore;

namespace Agora.Platform.Dataspace;

/// <summary>
/// Registers the connectors this platform talks to and authenticates them. Registration (by a platform operator) issues a
/// token shown once; the participant sends it as <c>Authorization: Bearer agora_dsp_…</c> on every DSP request. The token
/// the participant issued to us is stored wrapped with the master key and sent on every request we make to it.
/// </summary>
public sealed class DataspaceParticipants(AgoraDbContext db, PlatformKeys keys, AuditLog audit, TimeProvider clock)
{
    public const string TokenPrefix = "agora_dsp_";
    private const string OutboundPurpose = "dataspace-outbound-token";

    public async Task<(DataspaceParticipant Participant, string Token)> RegisterAsync(Actor actor, string name, string endpoint, Guid? organisationId,
        string? outboundToken, CancellationToken cancellationToken)
    {
        DemandOperator(actor);
        var fields = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            fields["name"] = ["Give the participant a name of 1 to 200 characters."];
        }
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || endpoint.Length > 500)
        {
            fields["endpoint"] = ["The endpoint is the participant's DSP base URL (http or https), for example https://agora.example/dsp."];
        }
        if (organisationId is { } id && !await db.Organisations.AnyAsync(o => o.Id == id, cancellationToken))
        {
            fields["organisationId"] = ["No such organisation."];
        }
        if (fields.Count > 0)
        {
            throw new PlatformException(PlatformError.Validation, "The participant is not valid: " + string.Join(" ", fields.Values.SelectMany(v => v)), fields);
        }
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var participant = new DataspaceParticipant
        {
            Name = name.Trim(), Endpoint = endpoint.TrimEnd('/'), OrganisationId = organisationId, TokenHash = HashOf(token),
            TokenPrefix = token[..(TokenPrefix.Length + 4)], OutboundToken = Wrap(outboundToken), CreatedById = actor.RequiredUserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.DataspaceParticipants.Add(participant);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.participant-registered", actor.UserId, organisationId, "participant", participant.Id.ToString(),
            new Dictionary<string, string?> { ["name"] = participant.Name, ["endpoint"] = participant.Endpoint }), cancellationToken);
        return (participant, token);
    }

    /// <summary>Stores the token the participant issued to us (after it registered us).</summary>
    public async Task SetOutboundTokenAsync(Actor actor, Guid participantId, string token, CancellationToken cancellationToken)
    {
        DemandOperator(actor);
        if (string.IsNullOrWhiteSpace(token) || token.Length > 200)
        {
            throw new PlatformException(PlatformError.Validation, "The token is 1 to 200 characters.",
                new Dictionary<string, string[]> { ["token"] = ["The token is 1 to 200 characters."] });
        }
        var participant = await db.DataspaceParticipants.SingleOrDefaultAsync(p => p.Id == participantId, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such participant.");
        participant.OutboundToken = Wrap(token);
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.participant-token-set", actor.UserId, participant.OrganisationId, "participant",
            participant.Id.ToString()), cancellationToken);
    }

    /// <summary>Issues a new token to the participant (shown once); the old one stops working at once.</summary>
    public async Task<string> RotateTokenAsync(Actor actor, Guid participantId, CancellationToken cancellationToken)
    {
        DemandOperator(actor);
        var participant = await db.DataspaceParticipants.SingleOrDefaultAsync(p => p.Id == participantId && p.RevokedAt == null, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such participant.");
        var token = NewToken();
        participant.TokenHash = HashOf(token);
        participant.TokenPrefix = token[..(TokenPrefix.Length + 4)];
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(new AuditEvent("dataspace.participant-token-rotated", actor.UserId, participant.OrganisationId, "participant",
            participant.Id.ToString()), cancellationToken);
        return token;
    }

    public async Task<List<DataspaceParticipant>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        var list = await db.DataspaceParticipants.AsNoTracking().Where(p => p.RevokedAt == null).ToListAsync(cancellationToken);
        return [.. list.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
    }

    public async Task<DataspaceParticipant> GetAsync(Guid id, CancellationToken cancellationToken) =>
        await db.DataspaceParticipants.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.RevokedAt == null, cancellationToken)
            ?? throw new PlatformException(PlatformError.NotFound, "No such participant.");

    public async Task RevokeAsync(Actor actor, Guid participantId, CancellationToken cancellationToken)
    {
        DemandOperator(actor);
        var now = clock.GetUtcNow();
        if (await db.DataspaceParticipants.Where(p => p.Id == participantId && p.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.RevokedAt, now), cancellationToken) == 0)
        {
            throw new PlatformException(PlatformError.NotFound, "No such participant.");
        }
        await audit.AppendAsync(new AuditEvent("dataspace.participant-revoked", actor.UserId, null, "participant", participantId.ToString()), cancellationToken);
    }

    /// <summary>The participant presenting <paramref name="authorization"/> (the whole header), or a 401 protocol error.</summary>
    public async Task<DataspaceParticipant> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        var token = authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization[7..].Trim()
            : authorization?.Trim();
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            throw new DspException(401, "401", "Send the token this platform issued to you: Authorization: Bearer agora_dsp_….");
        }
        var hash = HashOf(token);
        return await db.DataspaceParticipants.AsNoTracking().SingleOrDefaultAsync(p => p.TokenHash == hash && p.RevokedAt == null, cancellationToken)
            ?? throw new DspException(401, "401", "The token is unknown or was revoked.");
    }

    /// <summary>The token we present to the participant.</summary>
    public string OutboundTokenOf(DataspaceParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (participant.OutboundToken is null)
        {
            throw new PlatformException(PlatformError.Conflict, $"No token from {participant.Name} is set yet; set the token it issued to this platform.");
        }
        return Unwrap(participant.OutboundToken);
    }

    /// <summary>How a participant acts on this platform: as a member (analyst) of the organisation standing for it.</summary>
    public static Actor ActorOf(DataspaceParticipant participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var roles = participant.OrganisationId is { } organisation
            ? new Dictionary<Guid, OrganisationRole> { [organisation] = OrganisationRole.Analyst }
            : new Dictionary<Guid, OrganisationRole>();
        return new Actor(ActorIdOf(participant.Id), participant.Name, false, roles, TokenScopes.Read | TokenScopes.Query);
    }

    public static string ActorIdOf(Guid participantId) => AgreementService.RemoteActorPrefix + participantId.ToString("N");

    public string? Wrap(string? secret) =>
        secret is null ? null : keys.Ring.Wrap(Encoding.UTF8.GetBytes(secret), OutboundPurpose).ToString();

    public string Unwrap(string wrapped) => Encoding.UTF8.GetString(keys.Ring.Unwrap(WrappedKey.Parse(wrapped), OutboundPurpose));

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewToken() => TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void DemandOperator(Actor actor)
    {
        if (!actor.IsAuthenticated)
        {
            throw new PlatformException(PlatformError.Unauthenticated, "Sign in first.");
        }
        if (!actor.IsOperator || !actor.HasScope(TokenScopes.Manage))
        {
            throw new PlatformException(PlatformError.Forbidden, "Only platform operators register dataspace participants.");
        }
    }
}
