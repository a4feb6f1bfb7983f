using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Posts.Infrastructure;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.IntegrationEvents;

/// Keeps `commentsCount` to the number of visible comments, from Comments' events.
public sealed class CommentCreatedConsumer(PostsDbContext db) : InboxConsumer<CommentCreated, PostsDbContext>(db)
{
    protected override async Task HandleAsync(CommentCreated message, ConsumeContext<CommentCreated> context, CancellationToken cancellationToken)
    {
        if (!message.Visible) return;
        await Db.Articles.Where(a => a.Id == message.PostId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentsCount, a => a.CommentsCount + 1), cancellationToken);
    }
}

public sealed class CommentDeletedConsumer(PostsDbContext db) : InboxConsumer<CommentDeleted, PostsDbContext>(db)
{
    protected override async Task HandleAsync(CommentDeleted message, ConsumeContext<CommentDeleted> context, CancellationToken cancellationToken)
    {
        if (!message.WasVisible) return;
        await Db.Articles.Where(a => a.Id == message.PostId && a.CommentsCount > 0)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentsCount, a => a.CommentsCount - 1), cancellationToken);
    }
}

/// A moderation verdict hid or showed a comment.
public sealed class CommentVisibilityChangedConsumer(PostsDbContext db) : InboxConsumer<CommentVisibilityChanged, PostsDbContext>(db)
{
    protected override async Task HandleAsync(CommentVisibilityChanged message, ConsumeContext<CommentVisibilityChanged> context, CancellationToken cancellationToken)
    {
        var change = message.Visible ? 1 : -1;
        await Db.Articles.Where(a => a.Id == message.PostId && a.CommentsCount + change >= 0)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CommentsCount, a => a.CommentsCount + change), cancellationToken);
    }
}
