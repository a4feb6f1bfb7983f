using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Moderation.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReporterAccountHours : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "reporter_account_hours",
                table: "rules",
                type: "integer",
                nullable: false,
                defaultValue: 24);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "reporter_account_hours",
                table: "rules");
        }
    }
}
