using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Agora.Platform.Notifications;

/// <summary>Something the platform tells an organisation (every member sees it on the organisation's pages) or one
/// person. The text is made when it is shown, in the reader's language, from <see cref="Kind"/> and the subjects.</summary>
public sealed class Notification
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>The organisation told, or null for a personal notification.</summary>
    public Guid? OrganisationId { get; set; }

    /// <summary>The person told, or null for an organisation's notification.</summary>
    public string? UserId { get; set; }

    /// <summary>What happened, for example <see cref="NotificationKinds.WantedMatch"/>.</summary>
    public required string Kind { get; set; }

    /// <summary>The "data wanted" post concerned, if any.</summary>
    public Guid? PostId { get; set; }

    /// <summary>The dataset concerned, if any.</summary>
    public Guid? DatasetId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }
}

public static class NotificationKinds
{
    /// <summary>To a provider: one of its datasets matches a "data wanted" post.</summary>
    public const string WantedMatch = "wanted.match";

    /// <summary>To a consumer: a dataset matches their post.</summary>
    public const string WantedAnswered = "wanted.answered";
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.Property(n => n.Kind).HasMaxLength(64);
        notification.Property(n => n.UserId).HasMaxLength(450);
        notification.HasIndex(n => new { n.OrganisationId, n.CreatedAt });
        notification.HasIndex(n => new { n.UserId, n.CreatedAt });
    }
}
