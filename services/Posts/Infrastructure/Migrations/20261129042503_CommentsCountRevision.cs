using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Posts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CommentsCountRevision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "comments_count_revision",
                table: "articles",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "comments_count_revision",
                table: "articles");
        }
    }
}
