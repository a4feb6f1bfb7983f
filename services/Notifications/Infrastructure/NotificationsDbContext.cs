using Blog.Contracts;
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
    public DbSet<MailAddress> MailAddresses => Set<MailAddress>();
    public DbSet<MailPreference> MailPreferences => Set<MailPreference>();
    public DbSet<OutgoingMail> OutgoingMails => Set<OutgoingMail>();

    /// <summary>
    /// The comment's copy, made (author unknown yet) when missing, and locked until the transaction ends: a
    /// comment's own event and a verdict about it, on different queues, are then taken one after the other,
    /// so a verdict either finds the author or leaves a notification the comment's event will give one.
    /// </summary>
    public async Task<KnownComment> LockCommentAsync(Guid commentId, Guid postId, CancellationToken cancellationToken)
    {
        await Database.ExecuteSqlAsync($"""
            INSERT INTO known_comments (comment_id, post_id, author_id, number, excerpt, visible, visibility_revision)
            VALUES ({commentId}, {postId}, {Inboxes.UnknownAuthor}, 0, '', false, 0) ON CONFLICT DO NOTHING
            """, cancellationToken);
        return await Comments.FromSql($"SELECT * FROM known_comments WHERE comment_id = {commentId} FOR UPDATE").SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Takes a new comment in, in one round trip: its row written, or completed when a verdict came first (the latest
    /// verdict's visibility kept: the higher count revision wins), then the notifications that waited for its author
    /// given to them (`Inboxes.UnknownAuthor`). Two statements, not one: the upsert waits for a verdict holding the
    /// row (`LockCommentAsync`), and only a statement begun after that wait sees the verdict's notification. Writes,
    /// so the content cache hears of them at the commit.
    /// </summary>
    public Task TakeInCommentAsync(CommentCreated comment, CancellationToken cancellationToken) =>
        Database.ExecuteSqlAsync($"""
            INSERT INTO known_comments (comment_id, post_id, author_id, author_username, number, excerpt, visible, visibility_revision)
            VALUES ({comment.CommentId}, {comment.PostId}, {comment.AuthorId}, {comment.AuthorUsername}, {comment.CommentNumber},
                    {KnownComment.ExcerptOf(comment.Body)}, {comment.Visible}, {comment.CountRevision})
            ON CONFLICT (comment_id) DO UPDATE SET author_id = excluded.author_id, author_username = excluded.author_username,
                number = excluded.number, excerpt = excluded.excerpt,
                visible = CASE WHEN known_comments.visibility_revision <= excluded.visibility_revision THEN excluded.visible ELSE known_comments.visible END,
                visibility_revision = greatest(known_comments.visibility_revision, excluded.visibility_revision);
            UPDATE notifications SET recipient_id = {comment.AuthorId}
            WHERE comment_id = {comment.CommentId} AND recipient_id = {Inboxes.UnknownAuthor}
            """, cancellationToken);

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
            notification.HasIndex(n => n.CreatedAt).HasFilter("mail_handled_at IS NULL").HasDatabaseName("ix_notifications_to_mail");
        });
        modelBuilder.Entity<MailAddress>(address =>
        {
            address.ToTable("mail_addresses");
            address.HasKey(a => a.UserId);
            address.Property(a => a.Address).HasMaxLength(254);
            address.Property(a => a.ConfirmationHash).HasMaxLength(64);
            address.Property(a => a.UnsubscribeKey).HasMaxLength(64);
        });
        modelBuilder.Entity<MailPreference>(preference =>
        {
            preference.ToTable("mail_preferences");
            preference.HasKey(p => new { p.UserId, p.Kind });
            preference.Property(p => p.Kind).HasMaxLength(40);
            preference.Property(p => p.Delivery).HasConversion<string>().HasMaxLength(10);
        });
        modelBuilder.Entity<OutgoingMail>(mail =>
        {
            mail.ToTable("outgoing_mails");
            mail.HasKey(m => m.Id);
            mail.Property(m => m.To).HasMaxLength(254);
            mail.Property(m => m.Subject).HasMaxLength(300);
            mail.Property(m => m.Purpose).HasMaxLength(20);
            mail.Property(m => m.LastError).HasMaxLength(1000);
            mail.HasIndex(m => m.NextAttemptAt).HasFilter("sent_at IS NULL AND abandoned_at IS NULL").HasDatabaseName("ix_outgoing_mails_due");
            mail.HasIndex(m => new { m.UserId, m.CreatedAt });
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
            comment.Property(c => c.AuthorUsername).HasMaxLength(100);
            comment.HasIndex(c => c.AuthorId);
            comment.HasIndex(c => c.PostId);
        });
    }
}
