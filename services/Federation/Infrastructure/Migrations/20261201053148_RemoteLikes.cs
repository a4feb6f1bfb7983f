using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Federation.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RemoteLikes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "remote_likes",
                columns: table => new
                {
                    activity_id = table.Column<string>(type: "text", nullable: false),
                    post_id = table.Column<Guid>(type: "uuid", nullable: false),
                    actor_id = table.Column<string>(type: "text", nullable: false),
                    liked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_remote_likes", x => x.activity_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_posts_url",
                table: "posts",
                column: "url");

            migrationBuilder.CreateIndex(
                name: "ix_remote_likes_post_id_actor_id",
                table: "remote_likes",
                columns: new[] { "post_id", "actor_id" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "remote_likes");

            migrationBuilder.DropIndex(
                name: "ix_posts_url",
                table: "posts");
        }
    }
}
