using System.ComponentModel.DataAnnotations;

namespace Agora.Platform;

/// <summary>Configuration section <c>Agora</c>: where the platform keeps its files.</summary>
public sealed class PlatformOptions
{
    public const string Section = "Agora";

    /// <summary>Data folder: stored versions, staging area, the SQLite metadata file and (on a laptop) the generated master key.</summary>
    [Required]
    public string DataDirectory { get; set; } = "./agora-data";

    /// <summary>The platform master key ring (<c>VERSION:BASE64[,…]</c>). When empty, <see cref="MasterKeyFile"/> is read;
    /// when that is empty too, a key file is generated in the data folder (single-machine use only).</summary>
    public string? MasterKey { get; set; }

    public string? MasterKeyFile { get; set; }

    /// <summary>Largest accepted upload, in bytes.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The public base URL used in exported metadata (DCAT-AP identifiers); defaults to the request's own.</summary>
    public string? PublicBaseUrl { get; set; }
}
