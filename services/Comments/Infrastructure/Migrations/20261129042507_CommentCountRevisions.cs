using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Comments.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CommentCountRevisions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "comment_count_revisions");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropSequence(
                name: "comment_count_revisions");
        }
    }
}
