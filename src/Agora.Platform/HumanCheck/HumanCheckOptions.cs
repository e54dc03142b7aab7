using System.ComponentModel.DataAnnotations;

namespace Agora.Platform.HumanCheck;

/// <summary>Configuration section <c>Agora:HumanCheck</c>: how much work a challenge asks for and when it gets harder.</summary>
public sealed class HumanCheckOptions
{
    public const string Section = "Agora:HumanCheck";

    /// <summary>PBKDF2-SHA-256 iterations per attempt. One attempt costs a browser about as much as a native solver
    /// (PBKDF2 runs in WebCrypto), which is why Agora never uses ALTCHA's plain SHA mode.</summary>
    [Range(1, 1_000_000)]
    public int Cost { get; set; } = 1000;

    /// <summary>At the normal tier the secret counter is uniform in [1, CounterRange], so a solver needs about
    /// CounterRange / 2 attempts on average. The range starts at 1: a solver that knew a larger lower bound would skip it.</summary>
    [Range(1, 100_000_000)]
    public int CounterRange { get; set; } = 2000;

    /// <summary>Each tier above the normal one multiplies the counter range by this factor (busy: ×4, very busy: ×16).</summary>
    [Range(1, 64)]
    public int TierFactor { get; set; } = 4;

    /// <summary>How long a challenge may be solved and submitted. Long enough for slow form filling (WCAG 2.2.1).</summary>
    [Range(1, 24 * 60)]
    public int ChallengeLifetimeMinutes { get; set; } = 30;

    /// <summary>Challenges per minute from one network prefix (/24 IPv4, /48 IPv6) above which challenges get harder.</summary>
    [Range(1, int.MaxValue)]
    public int PrefixBusyPerMinute { get; set; } = 20;

    [Range(1, int.MaxValue)]
    public int PrefixVeryBusyPerMinute { get; set; } = 60;

    /// <summary>Challenges per minute for one action (sign-up, access request…) from everywhere, above which they get harder.</summary>
    [Range(1, int.MaxValue)]
    public int ActionBusyPerMinute { get; set; } = 300;

    [Range(1, int.MaxValue)]
    public int ActionVeryBusyPerMinute { get; set; } = 1200;

    /// <summary>How long the e-mailed link (the alternative to the check) stays valid. It works once.</summary>
    [Range(1, 7 * 24 * 60)]
    public int EmailPassLifetimeMinutes { get; set; } = 60;

    /// <summary>E-mailed links per address per hour, so the alternative cannot be used to flood someone's mailbox.</summary>
    [Range(1, 1000)]
    public int EmailLinksPerAddressPerHour { get; set; } = 3;
}
