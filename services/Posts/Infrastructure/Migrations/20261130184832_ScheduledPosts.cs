using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Posts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ScheduledPosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "publish_at",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_publish_at",
                table: "articles",
                column: "publish_at",
                filter: "publish_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_publish_at",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "publish_at",
                table: "articles");
        }
    }
}
