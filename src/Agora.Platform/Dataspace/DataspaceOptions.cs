using System.ComponentModel.DataAnnotations;

namespace Agora.Platform.Dataspace;

/// <summary>Configuration section <c>Agora:Dataspace</c>.</summary>
public sealed class DataspaceOptions
{
    public const string Section = "Agora:Dataspace";

    /// <summary>Datasets per page of the DSP catalogue; further pages are linked with <c>Link: &lt;…&gt;; rel="next"</c>.</summary>
    [Range(1, 1000)]
    public int CatalogPageSize { get; set; } = 50;
}
