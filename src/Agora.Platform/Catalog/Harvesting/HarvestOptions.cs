using System.ComponentModel.DataAnnotations;

namespace Agora.Platform.Catalog.Harvesting;

/// <summary>Configuration section <c>Agora:Harvest</c>.</summary>
public sealed class HarvestOptions
{
    public const string Section = "Agora:Harvest";

    /// <summary>Largest catalogue document accepted (fetched or uploaded), in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 60;

    /// <summary>Whether Agora may fetch catalogues from loopback, private, link-local and other non-public addresses. Off by
    /// default so that an admin's URL cannot make Agora reach into the network it runs in (SSRF); turn it on for a
    /// catalogue on the same intranet.</summary>
    public bool AllowPrivateAddresses { get; set; }
}
