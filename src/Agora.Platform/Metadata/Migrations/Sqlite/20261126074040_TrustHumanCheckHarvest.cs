using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Platform.Metadata.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustHumanCheckHarvest : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "HarvestSources",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHarvestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastOutcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    DatasetCount = table.Column<int>(type: "INTEGER", nullable: false)
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
                name: "SpentChallenges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SpentChallenges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HarvestedRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SourceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RemoteIri = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    RemotePublisher = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    FirstSeenAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSeenAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                name: "IX_SpentChallenges_ExpiresAt",
                table: "SpentChallenges",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HarvestedRecords");

            migrationBuilder.DropTable(
                name: "SpentChallenges");

            migrationBuilder.DropTable(
                name: "HarvestSources");
        }
    }
}
