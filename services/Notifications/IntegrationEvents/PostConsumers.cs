using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.IntegrationEvents;

/// <summary>
/// A post's first publication tells its author's followers (a scheduled post when its time comes); a
/// post published again after going back to draft is no news.
/// </summary>
public sealed class PostPublishedConsumer(NotificationsDbContext db) : InboxConsumer<PostPublished, NotificationsDbContext>(db)
{
    protected override async Task HandleAsync(PostPublished message, ConsumeContext<PostPublished> context, CancellationToken cancellationToken)
    {
        var post = await Db.Posts.SingleOrDefaultAsync(p => p.PostId == message.PostId, cancellationToken);
        var isNews = post is null;
        if (post is null) Db.Posts.Add(post = new KnownPost { PostId = message.PostId });
        post.AuthorId = message.AuthorId;
        post.Slug = message.Slug;
        post.Title = message.Title;
        post.Public = true;
        if (isNews)
        {
            await Db.NotifyFollowersAsync(message.AuthorId, new Notification
            {
                Kind = NotificationKinds.FollowedPost, SubjectId = message.PostId, ActorId = message.AuthorId, PostId = message.PostId,
                CreatedAt = message.PublishedAt,
            }, cancellationToken);
        }
    }
}

/// <summary>A renamed post is linked by its new slug and title.</summary>
public sealed class PostUpdatedConsumer(NotificationsDbContext db) : InboxConsumer<PostUpdated, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(PostUpdated message, ConsumeContext<PostUpdated> context, CancellationToken cancellationToken) =>
        Db.Posts.Where(p => p.PostId == message.PostId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Slug, message.Slug).SetProperty(p => p.Title, message.Title), cancellationToken);
}

/// <summary>Notifications about a post back in draft are not shown until it is public again.</summary>
public sealed class PostUnpublishedConsumer(NotificationsDbContext db) : InboxConsumer<PostUnpublished, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(PostUnpublished message, ConsumeContext<PostUnpublished> context, CancellationToken cancellationToken) =>
        Db.Posts.Where(p => p.PostId == message.PostId).ExecuteUpdateAsync(s => s.SetProperty(p => p.Public, false), cancellationToken);
}

/// <summary>A deleted post takes the notifications about it, and about its comments, along.</summary>
public sealed class PostDeletedConsumer(NotificationsDbContext db) : InboxConsumer<PostDeleted, NotificationsDbContext>(db)
{
    protected override async Task HandleAsync(PostDeleted message, ConsumeContext<PostDeleted> context, CancellationToken cancellationToken)
    {
        await Db.Notifications.Where(n => n.PostId == message.PostId).ExecuteDeleteAsync(cancellationToken);
        await Db.Comments.Where(c => c.PostId == message.PostId).ExecuteDeleteAsync(cancellationToken);
        await Db.Posts.Where(p => p.PostId == message.PostId).ExecuteDeleteAsync(cancellationToken);
    }
}
