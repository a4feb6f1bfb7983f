using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Federation.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RemoteComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "remote_comments",
                columns: table => new
                {
                    note_id = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    comment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_id = table.Column<string>(type: "text", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_remote_comments", x => x.note_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_remote_comments_actor_id",
                table: "remote_comments",
                column: "actor_id");

            migrationBuilder.CreateIndex(
                name: "ix_remote_comments_comment_id",
                table: "remote_comments",
                column: "comment_id",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "remote_comments");
        }
    }
}
