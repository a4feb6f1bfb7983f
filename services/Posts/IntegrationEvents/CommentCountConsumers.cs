using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Posts.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.IntegrationEvents;

/// <summary>
/// Keeps `commentsCount` to the number of visible comments. Each of Comments' events carries the
/// post's new count and a growing revision; these events travel on different queues, so the count
/// is taken from the newest revision seen, never added up.
/// </summary>
/// <remarks>Comments come many at a time: taken in batches, in the order of their posts' ids (as the view flush takes posts).</remarks>
public sealed class CommentCreatedConsumer(PostsDbContext db) : BatchedInboxConsumer<CommentCreated, PostsDbContext>(db)
{
    protected override Guid? LockedRow(CommentCreated message) => message.PostId;

    protected override Task HandleAsync(CommentCreated message, ConsumeContext<CommentCreated> context, CancellationToken cancellationToken) =>
        Db.TakeCommentsCountAsync(message.PostId, message.PostVisibleComments, message.CountRevision, cancellationToken);
}

public sealed class CommentDeletedConsumer(PostsDbContext db) : InboxConsumer<CommentDeleted, PostsDbContext>(db)
{
    protected override Task HandleAsync(CommentDeleted message, ConsumeContext<CommentDeleted> context, CancellationToken cancellationToken) =>
        Db.TakeCommentsCountAsync(message.PostId, message.PostVisibleComments, message.CountRevision, cancellationToken);
}

/// <summary>A moderation verdict hid or showed a comment.</summary>
public sealed class CommentVisibilityChangedConsumer(PostsDbContext db) : InboxConsumer<CommentVisibilityChanged, PostsDbContext>(db)
{
    protected override Task HandleAsync(CommentVisibilityChanged message, ConsumeContext<CommentVisibilityChanged> context, CancellationToken cancellationToken) =>
        Db.TakeCommentsCountAsync(message.PostId, message.PostVisibleComments, message.CountRevision, cancellationToken);
}

static class CommentsCount
{
    public static Task TakeCommentsCountAsync(this PostsDbContext db, Guid postId, int count, long revision, CancellationToken cancellationToken) =>
        db.Articles.Where(a => a.Id == postId && a.CommentsCountRevision < revision)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentsCount, Math.Max(0, count)).SetProperty(a => a.CommentsCountRevision, revision), cancellationToken);
}
