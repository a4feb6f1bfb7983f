using Blog.ServiceDefaults;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Posts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CleanControlCharacters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.StripControlCharacters("articles", "title");
            migrationBuilder.StripControlCharacters("articles", "description");
            migrationBuilder.StripControlCharacters("articles", "body", multiline: true);
            migrationBuilder.StripControlCharacters("articles", "body_html", multiline: true);
            migrationBuilder.StripControlCharactersFromArray("articles", "tags");
            migrationBuilder.StripControlCharacters("authors", "display_name");
            migrationBuilder.StripControlCharacters("authors", "bio", multiline: true);
            migrationBuilder.StripControlCharacters("categories", "name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
