using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Identity.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SecurityStamps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "failed_logins",
                table: "users");

            migrationBuilder.DropColumn(
                name: "failed_logins_since",
                table: "users");

            migrationBuilder.DropColumn(
                name: "locked_out_until",
                table: "users");

            migrationBuilder.AddColumn<string>(
                name: "security_stamp",
                table: "users",
                type: "text",
                nullable: false,
                defaultValue: "");

            // Each existing account gets a stamp of its own; tokens issued before (without one) are refused from now on.
            migrationBuilder.Sql("UPDATE users SET security_stamp = upper(md5(random()::text || id::text));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "users");

            migrationBuilder.AddColumn<int>(
                name: "failed_logins",
                table: "users",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "failed_logins_since",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_out_until",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);
        }
    }
}
