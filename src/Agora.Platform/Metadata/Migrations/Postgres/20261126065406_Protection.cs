using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Platform.Metadata.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Protection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_DomainKeys_RingVersion",
                table: "DomainKeys",
                column: "RingVersion");

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
                name: "IX_VersionDetections_DatasetId",
                table: "VersionDetections",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_VersionDetections_VersionId",
                table: "VersionDetections",
                column: "VersionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VersionRiskAssessments_DatasetId",
                table: "VersionRiskAssessments",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_VersionRiskAssessments_VersionId_CreatedAt",
                table: "VersionRiskAssessments",
                columns: new[] { "VersionId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DomainKeys");

            migrationBuilder.DropTable(
                name: "LinkageContributions");

            migrationBuilder.DropTable(
                name: "LinkageMembers");

            migrationBuilder.DropTable(
                name: "LinkageResults");

            migrationBuilder.DropTable(
                name: "ReidentifierGrants");

            migrationBuilder.DropTable(
                name: "SavedHierarchies");

            migrationBuilder.DropTable(
                name: "VersionDetections");

            migrationBuilder.DropTable(
                name: "VersionRiskAssessments");

            migrationBuilder.DropTable(
                name: "PseudonymisationDomains");

            migrationBuilder.DropTable(
                name: "LinkageProjects");
        }
    }
}
