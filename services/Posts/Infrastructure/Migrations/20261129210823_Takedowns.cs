using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Posts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Takedowns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "published_when_taken_down",
                table: "articles",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "takedown_reason",
                table: "articles",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "taken_down_at",
                table: "articles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "taken_down_by",
                table: "articles",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_articles_taken_down_at",
                table: "articles",
                column: "taken_down_at",
                filter: "taken_down_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_articles_taken_down_at",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "published_when_taken_down",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "takedown_reason",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "taken_down_at",
                table: "articles");

            migrationBuilder.DropColumn(
                name: "taken_down_by",
                table: "articles");
        }
    }
}
