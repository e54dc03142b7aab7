using System.Text.Json;
using Agora.Data.Querying;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Querying;

/// <summary>An approved algorithm a provider registered on a dataset: a named SQL template with typed parameters that
/// consumers run under their agreement, with the same output control as any query.</summary>
public sealed class RegisteredAlgorithm
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid DatasetId { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>Unique within the dataset; lower-case letters, digits and hyphens.</summary>
    public required string Name { get; set; }

    public required string Description { get; set; }

    public required string SqlTemplate { get; set; }

    /// <summary>The parameters as JSON (<see cref="AlgorithmParameter"/> list).</summary>
    public required string Parameters { get; set; }

    public required string CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RetiredAt { get; set; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public IReadOnlyList<AlgorithmParameter> ParameterList() => JsonSerializer.Deserialize<List<AlgorithmParameter>>(Parameters, Json) ?? [];

    public static string ParametersJson(IEnumerable<AlgorithmParameter> parameters) => JsonSerializer.Serialize(parameters.ToList(), Json);

    public ApprovedAlgorithm ToApproved() => new(Name, Description, SqlTemplate, ParameterList());
}

internal sealed class RegisteredAlgorithmConfiguration : IEntityTypeConfiguration<RegisteredAlgorithm>
{
    public void Configure(EntityTypeBuilder<RegisteredAlgorithm> builder)
    {
        builder.ToTable("RegisteredAlgorithms");
        builder.HasIndex(a => new { a.DatasetId, a.Name }).IsUnique();
        builder.Property(a => a.Name).HasMaxLength(64);
        builder.Property(a => a.Description).HasMaxLength(2000);
        builder.Property(a => a.CreatedById).HasMaxLength(64);
    }
}
