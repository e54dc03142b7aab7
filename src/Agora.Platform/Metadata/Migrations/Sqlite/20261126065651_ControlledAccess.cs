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
                name: "AccessNegotiations",
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
                    table.PrimaryKey("PK_AccessNegotiations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Agreements",
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
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "HeldOutputs",
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
                    table.PrimaryKey("PK_HeldOutputs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Offers",
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
                    table.PrimaryKey("PK_Offers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyBudgetAccounts",
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
                    table.PrimaryKey("PK_PrivacyBudgetAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyBudgetCharges",
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
                    table.PrimaryKey("PK_PrivacyBudgetCharges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "QueryAnswers",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Result = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_QueryAnswers", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "QueryRuns",
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
                    table.PrimaryKey("PK_QueryRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RegisteredAlgorithms",
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
                    table.PrimaryKey("PK_RegisteredAlgorithms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "NegotiationSteps",
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
                    table.PrimaryKey("PK_NegotiationSteps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NegotiationSteps_AccessNegotiations_NegotiationId",
                        column: x => x.NegotiationId,
                        principalTable: "AccessNegotiations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OutputReviews",
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
                    table.PrimaryKey("PK_OutputReviews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutputReviews_HeldOutputs_HeldOutputId",
                        column: x => x.HeldOutputId,
                        principalTable: "HeldOutputs",
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
                name: "IX_HeldOutputs_AgreementId",
                table: "HeldOutputs",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_HeldOutputs_ProviderOrganisationId_State",
                table: "HeldOutputs",
                columns: new[] { "ProviderOrganisationId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_NegotiationSteps_NegotiationId_At",
                table: "NegotiationSteps",
                columns: new[] { "NegotiationId", "At" });

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
                name: "IX_QueryRuns_AgreementId_At",
                table: "QueryRuns",
                columns: new[] { "AgreementId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredAlgorithms_DatasetId_Name",
                table: "RegisteredAlgorithms",
                columns: new[] { "DatasetId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Agreements");

            migrationBuilder.DropTable(
                name: "NegotiationSteps");

            migrationBuilder.DropTable(
                name: "Offers");

            migrationBuilder.DropTable(
                name: "OutputReviews");

            migrationBuilder.DropTable(
                name: "PrivacyBudgetAccounts");

            migrationBuilder.DropTable(
                name: "PrivacyBudgetCharges");

            migrationBuilder.DropTable(
                name: "QueryAnswers");

            migrationBuilder.DropTable(
                name: "QueryRuns");

            migrationBuilder.DropTable(
                name: "RegisteredAlgorithms");

            migrationBuilder.DropTable(
                name: "AccessNegotiations");

            migrationBuilder.DropTable(
                name: "HeldOutputs");
        }
    }
}
