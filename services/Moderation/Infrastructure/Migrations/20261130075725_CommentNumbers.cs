using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Moderation.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CommentNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "number",
                table: "moderated_comments",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "number",
                table: "moderated_comments");
        }
    }
}
