using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Blog.Posts.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CjkSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A generated column's expression cannot be altered: the column (and its index) is made again.
            migrationBuilder.Sql(ArticleSearch.GramsFunction);
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_articles_search_vector");
            migrationBuilder.Sql("ALTER TABLE articles DROP COLUMN search_vector");
            migrationBuilder.Sql($"ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({ArticleSearch.VectorSql}) STORED");
            migrationBuilder.Sql("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_articles_search_vector");
            migrationBuilder.Sql("ALTER TABLE articles DROP COLUMN search_vector");
            migrationBuilder.Sql("""
                ALTER TABLE articles ADD COLUMN search_vector tsvector GENERATED ALWAYS AS
                (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || coalesce(body, ''))) STORED
                """);
            migrationBuilder.Sql("CREATE INDEX ix_articles_search_vector ON articles USING gin (search_vector)");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS cjk_grams(text)");
        }
    }
}
