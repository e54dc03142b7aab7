using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Platform.Metadata.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Dataspace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DataspaceNegotiations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RemotePid = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CounterpartAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DatasetId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OfferJson = table.Column<string>(type: "TEXT", nullable: false),
                    AgreementJson = table.Column<string>(type: "TEXT", nullable: true),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataspaceNegotiations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataspaceParticipants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    TokenPrefix = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    OutboundToken = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataspaceParticipants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataspaceTransfers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<int>(type: "INTEGER", nullable: false),
                    ParticipantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RemotePid = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CounterpartAddress = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgreementId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Format = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DataTokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DataEndpoint = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DataToken = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataspaceTransfers", x => x.Id);
                });

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DataspaceNegotiations");

            migrationBuilder.DropTable(
                name: "DataspaceParticipants");

            migrationBuilder.DropTable(
                name: "DataspaceTransfers");
        }
    }
}
