using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Comments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class RemoteCommenters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "profile_url",
                table: "commenters",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "profile_url",
                table: "commenters");
        }
    }
}
