using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Notifications.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CommentAuthors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "author_username",
                table: "known_comments",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "author_username",
                table: "known_comments");
        }
    }
}
