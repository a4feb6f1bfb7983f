using Blog.Messaging;
using Blog.Posts.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Infrastructure;

/// <summary>
/// Posts' own database: posts, their slugs, reactions, categories, view flushes, and the projections
/// of authors and follows, plus the outbox and inbox.
/// </summary>
public sealed class PostsDbContext(DbContextOptions<PostsDbContext> options) : DbContext(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleSlug> ArticleSlugs => Set<ArticleSlug>();
    public DbSet<Reaction> Reactions => Set<Reaction>();
    public DbSet<RemoteReaction> RemoteReactions => Set<RemoteReaction>();
    public DbSet<Author> Authors => Set<Author>();
    public DbSet<AuthorFollow> AuthorFollows => Set<AuthorFollow>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<ViewFlush> ViewFlushes => Set<ViewFlush>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Article>(article =>
        {
            article.ToTable("articles");
            article.HasKey(a => a.Id);
            article.HasIndex(a => a.Slug).IsUnique();
            article.Property(a => a.Slug).HasMaxLength(ArticleRules.SlugMax);
            article.Property(a => a.Title).HasMaxLength(ArticleRules.TitleMax);
            article.Property(a => a.Description).HasMaxLength(ArticleRules.DescriptionMax);
            article.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
            article.Property(a => a.TakenDownBy).HasMaxLength(100);
            article.Property(a => a.TakedownReason).HasMaxLength(1000);
            article.Ignore(a => a.IsTakenDown);
            article.HasIndex(a => a.TakenDownAt).HasFilter("taken_down_at IS NOT NULL");
            article.HasOne(a => a.Author).WithMany().HasForeignKey(a => a.AuthorId).OnDelete(DeleteBehavior.Restrict);
            article.HasOne(a => a.Category).WithMany().HasForeignKey(a => a.CategoryId).OnDelete(DeleteBehavior.SetNull);
            article.HasIndex(a => a.Tags).HasMethod("gin");
            article.HasIndex(a => new { a.Status, a.PublishedAt, a.Id });
            article.HasIndex(a => new { a.AuthorId, a.Status });
            article.HasIndex(a => a.PublishAt).HasFilter("publish_at IS NOT NULL");
            article.Ignore(a => a.Popularity);
            article.Property(a => a.SearchVector).HasComputedColumnSql(ArticleSearch.VectorSql, stored: true);
            article.HasIndex(a => a.SearchVector).HasMethod("gin");
        });
        modelBuilder.Entity<ArticleSlug>(slug =>
        {
            slug.ToTable("article_slugs");
            slug.HasKey(s => s.Slug);
            slug.Property(s => s.Slug).HasMaxLength(ArticleRules.SlugMax);
            slug.HasOne<Article>().WithMany().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ArticleRevision>(revision =>
        {
            revision.ToTable("article_revisions");
            revision.HasKey(r => r.Id);
            revision.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique();
            revision.Property(r => r.Title).HasMaxLength(ArticleRules.TitleMax);
            revision.Property(r => r.Description).HasMaxLength(ArticleRules.DescriptionMax);
            revision.Property(r => r.EditorUsername).HasMaxLength(32);
            revision.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Reaction>(reaction =>
        {
            reaction.ToTable("reactions");
            reaction.HasKey(r => new { r.ArticleId, r.UserId, r.Kind });
            reaction.Property(r => r.Kind).HasMaxLength(20);
            reaction.HasIndex(r => new { r.UserId, r.Kind });
            reaction.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<RemoteReaction>(reaction =>
        {
            reaction.ToTable("remote_reactions");
            reaction.HasKey(r => new { r.ArticleId, r.ActorId });
            reaction.HasOne<Article>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Author>(author =>
        {
            author.ToTable("authors");
            author.HasKey(a => a.Id);
            author.Property(a => a.Id).ValueGeneratedNever();
            author.Property(a => a.Username).HasMaxLength(32);
            author.HasIndex(a => a.Username);
        });
        modelBuilder.Entity<AuthorFollow>(follow =>
        {
            follow.ToTable("author_follows");
            follow.HasKey(f => new { f.FollowerId, f.FolloweeId });
            follow.HasIndex(f => f.FolloweeId);
        });
        modelBuilder.Entity<Category>(category =>
        {
            category.ToTable("categories");
            category.HasKey(c => c.Id);
            category.HasIndex(c => c.Slug).IsUnique();
            category.Property(c => c.Slug).HasMaxLength(60);
            category.Property(c => c.Name).HasMaxLength(60);
        });
        modelBuilder.Entity<ViewFlush>(flush =>
        {
            flush.ToTable("view_flushes");
            flush.HasKey(f => f.Id);
            flush.Property(f => f.Id).HasMaxLength(100);
        });
    }
}

/// <summary>
/// A batch of views moved from Redis, recorded in the same transaction as the counts it added, so
/// replaying an interrupted flush never adds them twice.
/// </summary>
public sealed class ViewFlush
{
    public string Id { get; set; } = "";
    public DateTimeOffset FlushedAt { get; set; }
}
