using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.Infrastructure;

/// <summary>Comments' own database: comments and reports, projections of published posts and of commenters, plus the outbox and inbox.</summary>
public sealed class CommentsDbContext(DbContextOptions<CommentsDbContext> options) : DbContext(options)
{
    public DbSet<PublishedPost> PublishedPosts => Set<PublishedPost>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<CommentReport> Reports => Set<CommentReport>();
    public DbSet<Commenter> Commenters => Set<Commenter>();

    /// <summary>
    /// Reads a comment and locks its row until the transaction ends, so a verdict, an edit and a
    /// deletion of the same comment never overwrite each other. Call inside a transaction.
    /// </summary>
    public Task<Comment?> LockCommentAsync(Guid id, CancellationToken cancellationToken) =>
        Comments.FromSql($"SELECT * FROM comments WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    /// <summary>The same, for the comment the API names by its number.</summary>
    public Task<Comment?> LockCommentAsync(long number, CancellationToken cancellationToken) =>
        Comments.FromSql($"SELECT * FROM comments WHERE number = {number} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Reads a published post and locks its row until the transaction ends: changes to what a post's
    /// thread shows are taken one at a time, so the counts its events carry follow one another.
    /// </summary>
    public Task<PublishedPost?> LockPostAsync(string slug, CancellationToken cancellationToken) =>
        PublishedPosts.FromSql($"SELECT * FROM published_posts WHERE slug = {slug} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    public Task<PublishedPost?> LockPostAsync(Guid postId, CancellationToken cancellationToken) =>
        PublishedPosts.FromSql($"SELECT * FROM published_posts WHERE post_id = {postId} FOR UPDATE").SingleOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Saves the pending change, then adds the event made from the post's new count of visible
    /// comments and the next count revision. Call inside a transaction, with the post locked.
    /// </summary>
    public async Task AddCountedEventAsync<TEvent>(Guid postId, Func<int, long, TEvent> makeEvent, CancellationToken cancellationToken) where TEvent : class
    {
        await SaveChangesAsync(cancellationToken);
        var visible = await Comments.CountAsync(c => c.PostId == postId && c.Status == CommentStatus.Visible, cancellationToken);
        var revision = await Database.SqlQuery<long>($"SELECT nextval('comment_count_revisions') AS \"Value\"").SingleAsync(cancellationToken);
        this.AddIntegrationEvent(postId.ToString(), makeEvent(visible, revision));
    }

    /// <summary>
    /// Adds a comment on a post, or a reply to `parent` (one that may be answered: `Comment.WhyNoReply`), and
    /// its `CommentCreated`; the caller's SaveChanges writes both rows in one round trip. Call inside a
    /// transaction, with the post locked: its count of visible comments is then the count before plus this one.
    /// </summary>
    public async Task<Comment> AddCommentAsync(PublishedPost post, Comment? parent, Guid id, Guid authorId, string authorUsername, string text,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var visible = nameof(CommentStatus.Visible);
        var slot = await Database.SqlQuery<CommentSlot>($"""
            SELECT (SELECT count(*)::int FROM comments WHERE post_id = {post.PostId} AND status = {visible}) AS visible_before,
                   nextval('comment_count_revisions') AS revision,
                   nextval(pg_get_serial_sequence('comments', 'number')) AS number
            """).SingleAsync(cancellationToken);
        var comment = new Comment
        {
            Id = id,
            Number = slot.Number,
            PostId = post.PostId,
            ParentId = parent?.Id,
            ParentNumber = parent?.Number,
            RootId = parent?.RootId ?? id,
            Depth = parent is null ? 0 : parent.Depth + 1,
            AuthorId = authorId,
            AuthorUsername = authorUsername,
            Body = text,
            Status = CommentStatus.Visible,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Comments.Add(comment);
        this.AddIntegrationEvent(post.PostId.ToString(), new CommentCreated(comment.Id, comment.PostId, comment.ParentId, comment.AuthorId,
            comment.AuthorUsername, comment.Body, Visible: true, now, slot.VisibleBefore + 1, slot.Revision, comment.Number, parent?.AuthorId));
        return comment;
    }

    /// <summary>What a new comment takes from the database before it is written, in one query.</summary>
    sealed record CommentSlot(int VisibleBefore, long Revision, long Number);

    /// <summary>
    /// Replaces a comment's text and adds its `CommentEdited` (Moderation checks it again); false, and nothing
    /// done, when the text is the same. Call inside a transaction, with the comment locked.
    /// </summary>
    public bool EditComment(Comment comment, string text, DateTimeOffset at)
    {
        if (comment.Body == text) return false;
        comment.Body = text;
        comment.UpdatedAt = at;
        this.AddIntegrationEvent(comment.PostId.ToString(),
            new CommentEdited(comment.Id, comment.PostId, comment.AuthorId, comment.AuthorUsername, text, at, comment.Number));
        return true;
    }

    /// <summary>
    /// Deletes a comment: one with replies becomes a "deleted" placeholder so the thread holds; the
    /// event carries the post's new count. Call inside a transaction, with the post and the comment locked.
    /// </summary>
    public async Task DeleteCommentAsync(Comment comment, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var wasVisible = comment.Status == CommentStatus.Visible;
        if (await Comments.AnyAsync(c => c.ParentId == comment.Id, cancellationToken))
        {
            comment.Status = CommentStatus.Deleted;
            comment.Body = "";
            comment.UpdatedAt = at;
        }
        else
        {
            Comments.Remove(comment);
        }
        await AddCountedEventAsync(comment.PostId,
            (count, revision) => new CommentDeleted(comment.Id, comment.PostId, wasVisible, at, count, revision, comment.Number), cancellationToken);
    }

    /// <summary>
    /// One page of a post's thread for `viewer`, read in SQL: the page's top-level comments are chosen
    /// in the database (those with something shown in or beneath them, oldest first), and only their
    /// threads are loaded; the counts are counted there too.
    /// </summary>
    public async Task<ThreadPage> LoadThreadPageAsync(Guid postId, Guid? viewer, int skip, int take, CancellationToken cancellationToken)
    {
        var ofPost = Comments.AsNoTracking().Where(c => c.PostId == postId);
        var shownInFull = Comment.ShownInFullTo(viewer);
        var shownRoots = ofPost.Where(root => root.ParentId == null && ofPost.Where(shownInFull).Any(c => c.RootId == root.Id));

        var rootIds = await shownRoots.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).Skip(skip).Take(take).Select(r => r.Id).ToListAsync(cancellationToken);
        var threads = rootIds.Count == 0 ? [] : await ofPost.Where(c => rootIds.Contains(c.RootId)).ToListAsync(cancellationToken);
        var threadsCount = rootIds.Count < take && (skip == 0 || rootIds.Count > 0)
            ? skip + rootIds.Count
            : await shownRoots.CountAsync(cancellationToken);
        var visibleCount = await ofPost.CountAsync(c => c.Status == CommentStatus.Visible, cancellationToken);
        return CommentThread.Page(threads, viewer, 0, take) with { VisibleCount = visibleCount, ThreadsCount = threadsCount };
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.HasSequence<long>("comment_count_revisions");
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
            comment.Property(c => c.Number).UseIdentityByDefaultColumn();
            comment.HasIndex(c => c.Number).IsUnique();
            comment.Property(c => c.Body).HasMaxLength(CommentText.MaxLength);
            comment.Property(c => c.AuthorUsername).HasMaxLength(100);
            comment.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
            comment.HasIndex(c => new { c.PostId, c.CreatedAt });
            // A post's count of visible comments, taken on every change to its thread, reads only that post's entries.
            comment.HasIndex(c => new { c.PostId, c.Status });
            comment.HasIndex(c => c.ParentId);
            comment.HasIndex(c => c.RootId);
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
            commenter.Property(c => c.ProfileUrl).HasMaxLength(1000);
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
