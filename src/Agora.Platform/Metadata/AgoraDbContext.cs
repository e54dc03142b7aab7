using System.Text.Json;
using Agora.Platform.Accounts;
using Agora.Platform.Catalog;
using Agora.Platform.Jobs;
using Agora.Platform.Organisations;
using Agora.Platform.Publishing;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Agora.Platform.Metadata;

/// <summary>The metadata store. One model; each provider has a subclass that owns its migrations
/// (<see cref="SqliteAgoraDbContext"/>, <see cref="PostgresAgoraDbContext"/>).</summary>
public abstract class AgoraDbContext(DbContextOptions options) : IdentityDbContext<AgoraUser>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<Membership> Memberships => Set<Membership>();

    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();

    public DbSet<Dataset> Datasets => Set<Dataset>();

    public DbSet<DatasetVersion> DatasetVersions => Set<DatasetVersion>();

    public DbSet<DatasetChange> DatasetChanges => Set<DatasetChange>();

    public DbSet<StagedUpload> StagedUploads => Set<StagedUpload>();

    public DbSet<Job> Jobs => Set<Job>();

    public DbSet<PlatformCounter> Counters => Set<PlatformCounter>();

    public DbSet<HumanCheck.SpentChallenge> SpentChallenges => Set<HumanCheck.SpentChallenge>();

    public DbSet<Catalog.Harvesting.HarvestSource> HarvestSources => Set<Catalog.Harvesting.HarvestSource>();

    public DbSet<Catalog.Harvesting.HarvestedRecord> HarvestedRecords => Set<Catalog.Harvesting.HarvestedRecord>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    public DbSet<Audit.AuditCheckpoint> AuditCheckpoints => Set<Audit.AuditCheckpoint>();

    public DbSet<Protection.VersionDetection> VersionDetections => Set<Protection.VersionDetection>();

    public DbSet<Protection.VersionRiskAssessment> VersionRiskAssessments => Set<Protection.VersionRiskAssessment>();

    public DbSet<Protection.SavedHierarchy> SavedHierarchies => Set<Protection.SavedHierarchy>();

    public DbSet<Protection.PseudonymisationDomain> PseudonymisationDomains => Set<Protection.PseudonymisationDomain>();

    public DbSet<Protection.DomainKey> DomainKeys => Set<Protection.DomainKey>();

    public DbSet<Protection.ReidentifierGrant> ReidentifierGrants => Set<Protection.ReidentifierGrant>();

    public DbSet<Linkage.LinkageProject> LinkageProjects => Set<Linkage.LinkageProject>();

    public DbSet<Linkage.LinkageMember> LinkageMembers => Set<Linkage.LinkageMember>();

    public DbSet<Linkage.LinkageContribution> LinkageContributions => Set<Linkage.LinkageContribution>();

    public DbSet<Linkage.LinkageResult> LinkageResults => Set<Linkage.LinkageResult>();

    public DbSet<Profiling.VersionProfile> VersionProfiles => Set<Profiling.VersionProfile>();

    public DbSet<Profiling.QualityRuleSet> QualityRuleSets => Set<Profiling.QualityRuleSet>();

    public DbSet<Wanted.WantedPost> WantedPosts => Set<Wanted.WantedPost>();

    public DbSet<Wanted.WantedMatch> WantedMatches => Set<Wanted.WantedMatch>();

    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();

    public DbSet<Value.DemandCount> DemandCounts => Set<Value.DemandCount>();

    public DbSet<Dataspace.DataspaceParticipant> DataspaceParticipants => Set<Dataspace.DataspaceParticipant>();

    public DbSet<Dataspace.DataspaceNegotiation> DataspaceNegotiations => Set<Dataspace.DataspaceNegotiation>();

    public DbSet<Dataspace.DataspaceTransfer> DataspaceTransfers => Set<Dataspace.DataspaceTransfer>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<AgoraUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.PreferredCulture).HasMaxLength(8);
        });

        builder.Entity<Organisation>(organisation =>
        {
            organisation.HasIndex(o => o.Slug).IsUnique();
            organisation.Property(o => o.Slug).HasMaxLength(64);
            organisation.Property(o => o.Name).HasMaxLength(200);
            organisation.Property(o => o.Description).HasMaxLength(4000);
            organisation.Property(o => o.Homepage).HasMaxLength(500);
            organisation.HasMany(o => o.Members).WithOne(m => m.Organisation).HasForeignKey(m => m.OrganisationId);
        });

        builder.Entity<Membership>(membership =>
        {
            membership.HasKey(m => new { m.OrganisationId, m.UserId });
            membership.HasIndex(m => m.UserId);
            membership.HasOne<AgoraUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<PersonalAccessToken>(token =>
        {
            token.HasIndex(t => t.Hash).IsUnique();
            token.HasIndex(t => t.UserId);
            token.Property(t => t.Hash).HasMaxLength(64);
            token.Property(t => t.Prefix).HasMaxLength(16);
            token.Property(t => t.Name).HasMaxLength(100);
            token.HasOne<AgoraUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<Dataset>(dataset =>
        {
            dataset.HasIndex(d => new { d.OrganisationId, d.Slug }).IsUnique();
            dataset.HasIndex(d => d.State);
            dataset.Property(d => d.Slug).HasMaxLength(100);
            dataset.Property(d => d.Title).HasConversion(Json<TextByLanguage>(), JsonComparer<TextByLanguage>());
            dataset.Property(d => d.Description).HasConversion(Json<TextByLanguage>(), JsonComparer<TextByLanguage>());
            dataset.Property(d => d.Keywords).HasConversion(Json<KeywordsByLanguage>(), JsonComparer<KeywordsByLanguage>());
            dataset.Property(d => d.Themes).HasConversion(Json<List<string>>(), JsonComparer<List<string>>());
            dataset.Property(d => d.ApplicableLegislation).HasConversion(Json<List<string>>(), JsonComparer<List<string>>());
            dataset.HasOne(d => d.Organisation).WithMany().HasForeignKey(d => d.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            dataset.HasMany(d => d.Versions).WithOne(v => v.Dataset).HasForeignKey(v => v.DatasetId);
            dataset.HasMany(d => d.Changes).WithOne().HasForeignKey(c => c.DatasetId);
        });

        builder.Entity<DatasetVersion>(version =>
        {
            version.HasIndex(v => new { v.DatasetId, v.Number }).IsUnique();
            version.HasIndex(v => v.ContentHash);
            version.Property(v => v.ContentHash).HasMaxLength(64);
            version.Property(v => v.Columns).HasConversion(Json<List<VersionColumn>>(), JsonComparer<List<VersionColumn>>());
        });

        builder.Entity<DatasetChange>(change => change.HasIndex(c => new { c.DatasetId, c.At }));

        builder.Entity<StagedUpload>(upload => upload.HasIndex(u => u.UserId));

        builder.Entity<Job>(job =>
        {
            job.HasIndex(j => new { j.State, j.CreatedAt });
            job.Property(j => j.Kind).HasMaxLength(64);
            job.Property(j => j.LeaseOwner).HasMaxLength(128);
        });

        builder.Entity<PlatformCounter>(counter =>
        {
            counter.HasKey(c => c.Name);
            // The audit log's head exists from the start: appending locks it (see AuditLog).
            counter.HasData(new PlatformCounter { Name = Audit.AuditLog.HeadCounter, Value = 0 });
        });

        // Features keep their own mapping next to their entities (IEntityTypeConfiguration classes).
        builder.ApplyConfigurationsFromAssembly(typeof(AgoraDbContext).Assembly);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static ValueConverter<T, string> Json<T>()
        where T : new() =>
        new(value => JsonSerializer.Serialize(value, JsonOptions), text => JsonSerializer.Deserialize<T>(text, JsonOptions) ?? new T());

    private static ValueComparer<T> JsonComparer<T>() =>
        new(
            (a, b) => JsonSerializer.Serialize(a, JsonOptions) == JsonSerializer.Serialize(b, JsonOptions),
            value => JsonSerializer.Serialize(value, JsonOptions).GetHashCode(StringComparison.Ordinal),
            value => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, JsonOptions), JsonOptions)!);
}

/// <summary>A named counter, for example the catalogue revision that tells every node its search index is stale.</summary>
public sealed class PlatformCounter
{
    public required string Name { get; set; }

    public long Value { get; set; }
}
