using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Agora.Platform.Metadata.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ControlledAccess : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AccessNegotiation",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerPid = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Statement = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    PolicyJson = table.Column<string>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccessNegotiation", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Agreement",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NegotiationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OfferId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SignedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Document = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SigningKeyId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Uses = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreement", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HeldOutput",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    QueryRunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProviderOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Sql = table.Column<string>(type: "TEXT", nullable: false),
                    Output = table.Column<string>(type: "TEXT", nullable: false),
                    Findings = table.Column<string>(type: "TEXT", nullable: false),
                    ReviewsRequired = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeldOutput", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Offer",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PolicyJson = table.Column<string>(type: "TEXT", nullable: false),
                    PrivacyJson = table.Column<string>(type: "TEXT", nullable: false),
                    AutoApprove = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReviewersRequired = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Offer", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyBudgetAccount",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Measure = table.Column<int>(type: "INTEGER", nullable: false),
                    Limit = table.Column<double>(type: "REAL", nullable: false),
                    LimitDelta = table.Column<double>(type: "REAL", nullable: false),
                    Spent = table.Column<double>(type: "REAL", nullable: false),
                    SpentDelta = table.Column<double>(type: "REAL", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyBudgetAccount", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyBudgetCharge",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    QueryRunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Amount = table.Column<double>(type: "REAL", nullable: false),
                    Delta = table.Column<double>(type: "REAL", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    RefundedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyBudgetCharge", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QueryAnswer",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueryAnswer", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "QueryRun",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ConsumerOrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AlgorithmName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Sql = table.Column<string>(type: "TEXT", nullable: false),
                    SqlHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Cost = table.Column<double>(type: "REAL", nullable: false),
                    CostDelta = table.Column<double>(type: "REAL", nullable: false),
                    FromCache = table.Column<bool>(type: "INTEGER", nullable: false),
                    HeldOutputId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueryRun", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredAlgorithm",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DatasetId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    SqlTemplate = table.Column<string>(type: "TEXT", nullable: false),
                    Parameters = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RetiredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredAlgorithm", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NegotiationStep",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    NegotiationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<int>(type: "INTEGER", nullable: true),
                    To = table.Column<int>(type: "INTEGER", nullable: false),
                    Message = table.Column<int>(type: "INTEGER", nullable: false),
                    Sender = table.Column<int>(type: "INTEGER", nullable: false),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NegotiationStep", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NegotiationStep_AccessNegotiation_NegotiationId",
                        column: x => x.NegotiationId,
                        principalTable: "AccessNegotiation",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutputReview",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    HeldOutputId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Release = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutputReview", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutputReview_HeldOutput_HeldOutputId",
                        column: x => x.HeldOutputId,
                        principalTable: "HeldOutput",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AccessNegotiation_ConsumerOrganisationId_State",
                table: "AccessNegotiation",
                columns: new[] { "ConsumerOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_AccessNegotiation_OfferId",
                table: "AccessNegotiation",
                column: "OfferId");

            migrationBuilder.CreateIndex(
                name: "IX_AccessNegotiation_ProviderOrganisationId_State",
                table: "AccessNegotiation",
                columns: new[] { "ProviderOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Agreement_ConsumerOrganisationId_DatasetId",
                table: "Agreement",
                columns: new[] { "ConsumerOrganisationId", "DatasetId" });

            migrationBuilder.CreateIndex(
                name: "IX_Agreement_NegotiationId",
                table: "Agreement",
                column: "NegotiationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Agreement_ProviderOrganisationId",
                table: "Agreement",
                column: "ProviderOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_HeldOutput_AgreementId",
                table: "HeldOutput",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_HeldOutput_ProviderOrganisationId_State",
                table: "HeldOutput",
                columns: new[] { "ProviderOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_NegotiationStep_NegotiationId_At",
                table: "NegotiationStep",
                columns: new[] { "NegotiationId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Offer_DatasetId",
                table: "Offer",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_Offer_OrganisationId",
                table: "Offer",
                column: "OrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_OutputReview_HeldOutputId_ReviewerId",
                table: "OutputReview",
                columns: new[] { "HeldOutputId", "ReviewerId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetAccount_ConsumerOrganisationId_DatasetId",
                table: "PrivacyBudgetAccount",
                columns: new[] { "ConsumerOrganisationId", "DatasetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetCharge_AccountId",
                table: "PrivacyBudgetCharge",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyBudgetCharge_QueryRunId",
                table: "PrivacyBudgetCharge",
                column: "QueryRunId");

            migrationBuilder.CreateIndex(
                name: "IX_QueryRun_AgreementId_At",
                table: "QueryRun",
                columns: new[] { "AgreementId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredAlgorithm_DatasetId_Name",
                table: "RegisteredAlgorithm",
                columns: new[] { "DatasetId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Agreement");

            migrationBuilder.DropTable(
                name: "NegotiationStep");

            migrationBuilder.DropTable(
                name: "Offer");

            migrationBuilder.DropTable(
                name: "OutputReview");

            migrationBuilder.DropTable(
                name: "PrivacyBudgetAccount");

            migrationBuilder.DropTable(
                name: "PrivacyBudgetCharge");

            migrationBuilder.DropTable(
                name: "QueryAnswer");

            migrationBuilder.DropTable(
                name: "QueryRun");

            migrationBuilder.DropTable(
                name: "RegisteredAlgorithm");

            migrationBuilder.DropTable(
                name: "AccessNegotiation");

            migrationBuilder.DropTable(
                name: "HeldOutput");
        }
    }
}
