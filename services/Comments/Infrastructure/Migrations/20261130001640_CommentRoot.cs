using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Comments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CommentRoot : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "root_id",
                table: "comments",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Every existing comment gets the top-level comment of its thread.
            migrationBuilder.Sql("""
                WITH RECURSIVE thread AS (
                    SELECT id, id AS root_id FROM comments WHERE parent_id IS NULL
                    UNION ALL
                    SELECT c.id, thread.root_id FROM comments c JOIN thread ON c.parent_id = thread.id)
                UPDATE comments SET root_id = thread.root_id FROM thread WHERE comments.id = thread.id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_comments_root_id",
                table: "comments",
                column: "root_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_comments_root_id",
                table: "comments");

            migrationBuilder.DropColumn(
                name: "root_id",
                table: "comments");
        }
    }
}
