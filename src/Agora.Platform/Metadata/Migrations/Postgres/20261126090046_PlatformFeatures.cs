using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Platform.Metadata.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PlatformFeatures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessNegotiations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerPid = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Statement = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    PolicyJson = table.Column<string>(type: "text", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessNegotiations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NegotiationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Document = table.Column<string>(type: "text", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SigningKeyId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Uses = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataspaceNegotiations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemotePid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CounterpartAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DatasetId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OfferJson = table.Column<string>(type: "text", nullable: false),
                    AgreementJson = table.Column<string>(type: "text", nullable: true),
                    AgreementId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataspaceNegotiations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataspaceParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Endpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    TokenPrefix = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OutboundToken = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataspaceParticipants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataspaceTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<int>(type: "integer", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemotePid = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CounterpartAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AgreementId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Format = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DataTokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DataEndpoint = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DataToken = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataspaceTransfers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DemandCounts",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DemandCounts", x => new { x.DatasetId, x.Day, x.Kind });
                    table.ForeignKey(
                        name: "FK_DemandCounts_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HarvestSources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Location = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastHarvestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastOutcome = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DatasetCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HarvestSources", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HarvestSources_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HeldOutputs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    QueryRunId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Sql = table.Column<string>(type: "text", nullable: false),
                    Output = table.Column<string>(type: "text", nullable: false),
                    Findings = table.Column<string>(type: "text", nullable: false),
                    ReviewsRequired = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldOutputs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "LinkageProjects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    OwnerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageProjects", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LinkageProjects_Organisations_OwnerOrganisationId",
                        column: x => x.OwnerOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PostId = table.Column<Guid>(type: "uuid", nullable: true),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Offers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PolicyJson = table.Column<string>(type: "text", nullable: false),
                    PrivacyJson = table.Column<string>(type: "text", nullable: false),
                    AutoApprove = table.Column<bool>(type: "boolean", nullable: false),
                    ReviewersRequired = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyBudgetAccounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Measure = table.Column<int>(type: "integer", nullable: false),
                    Limit = table.Column<double>(type: "double precision", nullable: false),
                    LimitDelta = table.Column<double>(type: "double precision", nullable: false),
                    Spent = table.Column<double>(type: "double precision", nullable: false),
                    SpentDelta = table.Column<double>(type: "double precision", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyBudgetAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyBudgetCharges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    QueryRunId = table.Column<Guid>(type: "uuid", nullable: false),
                    Amount = table.Column<double>(type: "double precision", nullable: false),
                    Delta = table.Column<double>(type: "double precision", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RefundedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyBudgetCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PseudonymisationDomains",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    CurrentGeneration = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PseudonymisationDomains", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QualityRuleSets",
                columns: table => new
                {
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Expectations = table.Column<string>(type: "text", nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    UpdatedById = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QualityRuleSets", x => x.DatasetId);
                    table.ForeignKey(
                        name: "FK_QualityRuleSets_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "QueryAnswers",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Result = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueryAnswers", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "QueryRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgreementId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AlgorithmName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Sql = table.Column<string>(type: "text", nullable: false),
                    SqlHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    Rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Cost = table.Column<double>(type: "double precision", nullable: false),
                    CostDelta = table.Column<double>(type: "double precision", nullable: false),
                    FromCache = table.Column<bool>(type: "boolean", nullable: false),
                    HeldOutputId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueryRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredAlgorithms",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    SqlTemplate = table.Column<string>(type: "text", nullable: false),
                    Parameters = table.Column<string>(type: "text", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredAlgorithms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReidentifierGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    GrantedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RevokedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReidentifierGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReidentifierGrants_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ReidentifierGrants_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedHierarchies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    Attribute = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    Builder = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SealedContent = table.Column<string>(type: "text", nullable: true),
                    Levels = table.Column<int>(type: "integer", nullable: false),
                    Values = table.Column<int>(type: "integer", nullable: false),
                    UpdatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedHierarchies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedHierarchies_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SpentChallenges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpentChallenges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VersionDetections",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    SampledRows = table.Column<int>(type: "integer", nullable: true),
                    Columns = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ElapsedMilliseconds = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionDetections", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VersionDetections_DatasetVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VersionProfiles",
                columns: table => new
                {
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProfiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RulesRevision = table.Column<int>(type: "integer", nullable: false),
                    Rows = table.Column<long>(type: "bigint", nullable: false),
                    Completeness = table.Column<double>(type: "double precision", nullable: false),
                    Validity = table.Column<double>(type: "double precision", nullable: true),
                    Uniqueness = table.Column<double>(type: "double precision", nullable: false),
                    Consistency = table.Column<double>(type: "double precision", nullable: true),
                    DuplicateRows = table.Column<long>(type: "bigint", nullable: false),
                    Findings = table.Column<string>(type: "text", nullable: false),
                    Columns = table.Column<string>(type: "text", nullable: false),
                    Notes = table.Column<string>(type: "text", nullable: false),
                    HasSketch = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionProfiles", x => x.VersionId);
                    table.ForeignKey(
                        name: "FK_VersionProfiles_DatasetVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VersionRiskAssessments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    QuasiIdentifiers = table.Column<string>(type: "text", nullable: false),
                    PopulationSize = table.Column<long>(type: "bigint", nullable: true),
                    Report = table.Column<string>(type: "text", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionRiskAssessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VersionRiskAssessments_DatasetVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WantedPosts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Keywords = table.Column<string>(type: "text", nullable: false),
                    Columns = table.Column<string>(type: "text", nullable: false),
                    SampleValues = table.Column<string>(type: "text", nullable: false),
                    PostedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WantedPosts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NegotiationSteps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    NegotiationId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<int>(type: "integer", nullable: true),
                    To = table.Column<int>(type: "integer", nullable: false),
                    Message = table.Column<int>(type: "integer", nullable: false),
                    Sender = table.Column<int>(type: "integer", nullable: false),
                    ActorId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NegotiationSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NegotiationSteps_AccessNegotiations_NegotiationId",
                        column: x => x.NegotiationId,
                        principalTable: "AccessNegotiations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HarvestedRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SourceId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemoteIri = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    RemotePublisher = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    FirstSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastSeenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HarvestedRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_HarvestedRecords_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_HarvestedRecords_HarvestSources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "HarvestSources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutputReviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    HeldOutputId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReviewerId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Release = table.Column<bool>(type: "boolean", nullable: false),
                    Comment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutputReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutputReviews_HeldOutputs_HeldOutputId",
                        column: x => x.HeldOutputId,
                        principalTable: "HeldOutputs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkageContributions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PseudonymColumn = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ContributedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ContributedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageContributions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LinkageContributions_DatasetVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LinkageContributions_LinkageProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "LinkageProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkageMembers",
                columns: table => new
                {
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    InvitedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    JoinedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageMembers", x => new { x.ProjectId, x.OrganisationId });
                    table.ForeignKey(
                        name: "FK_LinkageMembers_LinkageProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "LinkageProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LinkageMembers_Organisations_OrganisationId",
                        column: x => x.OrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LinkageResults",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    LeftContributionId = table.Column<Guid>(type: "uuid", nullable: false),
                    RightContributionId = table.Column<Guid>(type: "uuid", nullable: false),
                    LinkedRows = table.Column<long>(type: "bigint", nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LinkageResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LinkageResults_DatasetVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "DatasetVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_LinkageResults_LinkageProjects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "LinkageProjects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DomainKeys",
                columns: table => new
                {
                    DomainId = table.Column<Guid>(type: "uuid", nullable: false),
                    Generation = table.Column<int>(type: "integer", nullable: false),
                    WrappedKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RingVersion = table.Column<int>(type: "integer", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RewrappedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DomainKeys", x => new { x.DomainId, x.Generation });
                    table.ForeignKey(
                        name: "FK_DomainKeys_PseudonymisationDomains_DomainId",
                        column: x => x.DomainId,
                        principalTable: "PseudonymisationDomains",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "WantedMatches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    DatasetId = table.Column<Guid>(type: "uuid", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    Evidence = table.Column<string>(type: "text", nullable: false),
                    FoundAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WantedMatches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WantedMatches_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WantedMatches_WantedPosts_PostId",
                        column: x => x.PostId,
                        principalTable: "WantedPosts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessNegotiations_ConsumerOrganisationId_State",
                table: "AccessNegotiations",
                columns: new[] { "ConsumerOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessNegotiations_OfferId",
                table: "AccessNegotiations",
                column: "OfferId");

            migrationBuilder.CreateIndex(
                name: "IX_AccessNegotiations_ProviderOrganisationId_State",
                table: "AccessNegotiations",
                columns: new[] { "ProviderOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_ConsumerOrganisationId_DatasetId",
                table: "Agreements",
                columns: new[] { "ConsumerOrganisationId", "DatasetId" });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_NegotiationId",
                table: "Agreements",
                column: "NegotiationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_ProviderOrganisationId",
                table: "Agreements",
                column: "ProviderOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_DataspaceNegotiations_OrganisationId",
                table: "DataspaceNegotiations",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_DataspaceNegotiations_ParticipantId_Role",
                table: "DataspaceNegotiations",
                columns: new[] { "ParticipantId", "Role" });

            migrationBuilder.CreateIndex(
                name: "IX_DataspaceParticipants_TokenHash",
                table: "DataspaceParticipants",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DataspaceTransfers_DataTokenHash",
                table: "DataspaceTransfers",
                column: "DataTokenHash");

            migrationBuilder.CreateIndex(
                name: "IX_DataspaceTransfers_ParticipantId_Role",
                table: "DataspaceTransfers",
                columns: new[] { "ParticipantId", "Role" });

            migrationBuilder.CreateIndex(
                name: "IX_DomainKeys_RingVersion",
                table: "DomainKeys",
                column: "RingVersion");

            migrationBuilder.CreateIndex(
                name: "IX_HarvestedRecords_DatasetId",
                table: "HarvestedRecords",
                column: "DatasetId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HarvestedRecords_SourceId_RemoteIri",
                table: "HarvestedRecords",
                columns: new[] { "SourceId", "RemoteIri" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HarvestSources_OrganisationId_Location",
                table: "HarvestSources",
                columns: new[] { "OrganisationId", "Location" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_HeldOutputs_AgreementId",
                table: "HeldOutputs",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_HeldOutputs_ProviderOrganisationId_State",
                table: "HeldOutputs",
                columns: new[] { "ProviderOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_LinkageContributions_ProjectId",
                table: "LinkageContributions",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageContributions_VersionId",
                table: "LinkageContributions",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageMembers_OrganisationId",
                table: "LinkageMembers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageProjects_OwnerOrganisationId",
                table: "LinkageProjects",
                column: "OwnerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageProjects_Slug",
                table: "LinkageProjects",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LinkageResults_ProjectId",
                table: "LinkageResults",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_LinkageResults_VersionId",
                table: "LinkageResults",
                column: "VersionId");

            migrationBuilder.CreateIndex(
                name: "IX_NegotiationSteps_NegotiationId_At",
                table: "NegotiationSteps",
                columns: new[] { "NegotiationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_OrganisationId_CreatedAt",
                table: "Notifications",
                columns: new[] { "OrganisationId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_CreatedAt",
                table: "Notifications",
                columns: new[] { "UserId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Offers_DatasetId",
                table: "Offers",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_Offers_OrganisationId",
                table: "Offers",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_OutputReviews_HeldOutputId_ReviewerId",
                table: "OutputReviews",
                columns: new[] { "HeldOutputId", "ReviewerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetAccounts_ConsumerOrganisationId_DatasetId",
                table: "PrivacyBudgetAccounts",
                columns: new[] { "ConsumerOrganisationId", "DatasetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetCharges_AccountId",
                table: "PrivacyBudgetCharges",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetCharges_QueryRunId",
                table: "PrivacyBudgetCharges",
                column: "QueryRunId");

            migrationBuilder.CreateIndex(
                name: "IX_PseudonymisationDomains_Kind_OwnerId",
                table: "PseudonymisationDomains",
                columns: new[] { "Kind", "OwnerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PseudonymisationDomains_Name",
                table: "PseudonymisationDomains",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_QueryRuns_AgreementId_At",
                table: "QueryRuns",
                columns: new[] { "AgreementId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredAlgorithms_DatasetId_Name",
                table: "RegisteredAlgorithms",
                columns: new[] { "DatasetId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReidentifierGrants_DatasetId_UserId",
                table: "ReidentifierGrants",
                columns: new[] { "DatasetId", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReidentifierGrants_OrganisationId",
                table: "ReidentifierGrants",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_ReidentifierGrants_UserId",
                table: "ReidentifierGrants",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_SavedHierarchies_DatasetId_Attribute",
                table: "SavedHierarchies",
                columns: new[] { "DatasetId", "Attribute" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SpentChallenges_ExpiresAt",
                table: "SpentChallenges",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_VersionDetections_DatasetId",
                table: "VersionDetections",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_VersionDetections_VersionId",
                table: "VersionDetections",
                column: "VersionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VersionProfiles_DatasetId",
                table: "VersionProfiles",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_VersionRiskAssessments_DatasetId",
                table: "VersionRiskAssessments",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_VersionRiskAssessments_VersionId_CreatedAt",
                table: "VersionRiskAssessments",
                columns: new[] { "VersionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WantedMatches_DatasetId",
                table: "WantedMatches",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_WantedMatches_OrganisationId",
                table: "WantedMatches",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_WantedMatches_PostId_DatasetId",
                table: "WantedMatches",
                columns: new[] { "PostId", "DatasetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WantedPosts_OrganisationId",
                table: "WantedPosts",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_WantedPosts_State_CreatedAt",
                table: "WantedPosts",
                columns: new[] { "State", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Agreements");

            migrationBuilder.DropTable(
                name: "DataspaceNegotiations");

            migrationBuilder.DropTable(
                name: "DataspaceParticipants");

            migrationBuilder.DropTable(
                name: "DataspaceTransfers");

            migrationBuilder.DropTable(
                name: "DemandCounts");

            migrationBuilder.DropTable(
                name: "DomainKeys");

            migrationBuilder.DropTable(
                name: "HarvestedRecords");

            migrationBuilder.DropTable(
                name: "LinkageContributions");

            migrationBuilder.DropTable(
                name: "LinkageMembers");

            migrationBuilder.DropTable(
                name: "LinkageResults");

            migrationBuilder.DropTable(
                name: "NegotiationSteps");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "Offers");

            migrationBuilder.DropTable(
                name: "OutputReviews");

            migrationBuilder.DropTable(
                name: "PrivacyBudgetAccounts");

            migrationBuilder.DropTable(
                name: "PrivacyBudgetCharges");

            migrationBuilder.DropTable(
                name: "QualityRuleSets");

            migrationBuilder.DropTable(
                name: "QueryAnswers");

            migrationBuilder.DropTable(
                name: "QueryRuns");

            migrationBuilder.DropTable(
                name: "RegisteredAlgorithms");

            migrationBuilder.DropTable(
                name: "ReidentifierGrants");

            migrationBuilder.DropTable(
                name: "SavedHierarchies");

            migrationBuilder.DropTable(
                name: "SpentChallenges");

            migrationBuilder.DropTable(
                name: "VersionDetections");

            migrationBuilder.DropTable(
                name: "VersionProfiles");

            migrationBuilder.DropTable(
                name: "VersionRiskAssessments");

            migrationBuilder.DropTable(
                name: "WantedMatches");

            migrationBuilder.DropTable(
                name: "PseudonymisationDomains");

            migrationBuilder.DropTable(
                name: "HarvestSources");

            migrationBuilder.DropTable(
                name: "LinkageProjects");

            migrationBuilder.DropTable(
                name: "AccessNegotiations");

            migrationBuilder.DropTable(
                name: "HeldOutputs");

            migrationBuilder.DropTable(
                name: "WantedPosts");
        }
    }
}
