using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Federation.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RemoteCommentEdits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "edited_at",
                table: "remote_comments",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "edited_at",
                table: "remote_comments");
        }
    }
}
