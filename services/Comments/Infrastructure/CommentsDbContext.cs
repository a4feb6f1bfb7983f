using Blog.Comments.Model;
using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.Infrastructure;

/// Comments' own database: comments and reports, projections of published posts and of commenters, plus the outbox and inbox.
public sealed class CommentsDbContext(DbContextOptions<CommentsDbContext> options) : DbContext(options)
{
    public DbSet<PublishedPost> PublishedPosts => Set<PublishedPost>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentReport> Reports => Set<CommentReport>();
    public DbSet<Commenter> Commenters => Set<Commenter>();

    /// Reads a comment and locks its row until the transaction ends, so a verdict, an edit and a
    /// deletion of the same comment never overwrite each other. Call inside a transaction.
    public Task<Comment?> LockCommentAsync(Guid id, CancellationToken cancellationToken) =>
        Comments.FromSql($"SELECT * FROM comments WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<PublishedPost>(post =>
        {
            post.ToTable("published_posts");
            post.HasKey(p => p.PostId);
            post.HasIndex(p => p.Slug).IsUnique();
            post.Property(p => p.Slug).HasMaxLength(300);
            post.Property(p => p.Title).HasMaxLength(300);
            post.Property(p => p.AuthorUsername).HasMaxLength(100);
        });
        modelBuilder.Entity<Comment>(comment =>
        {
            comment.ToTable("comments");
            comment.HasKey(c => c.Id);
            comment.Property(c => c.Body).HasMaxLength(CommentText.MaxLength);
            comment.Property(c => c.AuthorUsername).HasMaxLength(100);
            comment.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            comment.HasIndex(c => new { c.PostId, c.CreatedAt });
            comment.HasIndex(c => c.ParentId);
            comment.HasIndex(c => new { c.Status, c.CreatedAt });
            comment.HasIndex(c => new { c.AuthorId, c.CreatedAt });
        });
        modelBuilder.Entity<Commenter>(commenter =>
        {
            commenter.ToTable("commenters");
            commenter.HasKey(c => c.UserId);
            commenter.Property(c => c.Username).HasMaxLength(100);
            commenter.Property(c => c.DisplayName).HasMaxLength(100);
            commenter.Property(c => c.Bio).HasMaxLength(1000);
            commenter.Property(c => c.Image).HasMaxLength(1000);
        });
        modelBuilder.Entity<CommentReport>(report =>
        {
            report.ToTable("comment_reports");
            report.HasKey(r => new { r.CommentId, r.ReporterId });
            report.Property(r => r.Reason).HasMaxLength(20);
            report.Property(r => r.Text).HasMaxLength(CommentReport.TextMax);
            report.HasOne<Comment>().WithMany().HasForeignKey(r => r.CommentId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
