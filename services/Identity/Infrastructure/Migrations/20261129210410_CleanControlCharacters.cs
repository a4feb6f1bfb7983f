using Blog.ServiceDefaults;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Identity.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CleanControlCharacters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.StripControlCharacters("users", "display_name");
            migrationBuilder.StripControlCharacters("users", "bio", multiline: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
