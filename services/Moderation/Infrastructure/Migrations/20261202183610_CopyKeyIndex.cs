using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Moderation.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CopyKeyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_moderated_comments_author_id_copy_key_created_at",
                table: "moderated_comments",
                columns: new[] { "author_id", "copy_key", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_moderated_comments_author_id_copy_key_created_at",
                table: "moderated_comments");
        }
    }
}
