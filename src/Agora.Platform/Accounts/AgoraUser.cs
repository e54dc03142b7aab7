using Microsoft.AspNetCore.Identity;

namespace Agora.Platform.Accounts;

/// <summary>A person with an account (ASP.NET Core Identity: hashed password, lockout).</summary>
public sealed class AgoraUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>en, fr, de or lb; null follows the browser.</summary>
    public string? PreferredCulture { get; set; }

    /// <summary>Operators of the platform itself (not of an organisation): see every organisation, the audit log.</summary>
    public bool IsPlatformOperator { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
