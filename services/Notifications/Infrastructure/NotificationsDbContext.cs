using Blog.Messaging;
using Blog.Notifications.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.Infrastructure;

/// <summary>Notifications' own database: the inboxes, its copies of accounts, follows, posts and comments, plus the inbox of messages.</summary>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<KnownAccount> Accounts => Set<KnownAccount>();
    public DbSet<KnownFollow> Follows => Set<KnownFollow>();
    public DbSet<KnownPost> Posts => Set<KnownPost>();
    public DbSet<KnownComment> Comments => Set<KnownComment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.Kind).HasMaxLength(40);
            notification.Property(n => n.Reason).HasMaxLength(1000);
            // Each notification once, whatever redelivers its cause.
            notification.HasIndex(n => new { n.RecipientId, n.Kind, n.SubjectId }).IsUnique();
            notification.HasIndex(n => new { n.RecipientId, n.CreatedAt });
            notification.HasIndex(n => n.RecipientId).HasFilter("read_at IS NULL").HasDatabaseName("ix_notifications_unread");
            notification.HasIndex(n => n.CommentId).HasFilter("comment_id IS NOT NULL");
            notification.HasIndex(n => n.PostId).HasFilter("post_id IS NOT NULL");
            notification.HasIndex(n => n.ActorId).HasFilter("actor_id IS NOT NULL");
        });
        modelBuilder.Entity<KnownAccount>(account =>
        {
            account.ToTable("known_accounts");
            account.HasKey(a => a.UserId);
            account.Property(a => a.Username).HasMaxLength(100);
            account.Property(a => a.NormalizedUsername).HasMaxLength(100);
            account.HasIndex(a => a.NormalizedUsername);
        });
        modelBuilder.Entity<KnownFollow>(follow =>
        {
            follow.ToTable("known_follows");
            follow.HasKey(f => new { f.FolloweeId, f.FollowerId });
            follow.HasIndex(f => f.FollowerId);
        });
        modelBuilder.Entity<KnownPost>(post =>
        {
            post.ToTable("known_posts");
            post.HasKey(p => p.PostId);
            post.Property(p => p.Slug).HasMaxLength(300);
            post.Property(p => p.Title).HasMaxLength(300);
            post.HasIndex(p => p.AuthorId);
        });
        modelBuilder.Entity<KnownComment>(comment =>
        {
            comment.ToTable("known_comments");
            comment.HasKey(c => c.CommentId);
            comment.Property(c => c.Excerpt).HasMaxLength(KnownComment.ExcerptLength);
            comment.HasIndex(c => c.AuthorId);
            comment.HasIndex(c => c.PostId);
        });
    }
}
