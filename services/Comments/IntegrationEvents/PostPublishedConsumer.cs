using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.IntegrationEvents;

/// <summary>Keeps the projection of published posts that comments hang on.</summary>
public sealed class PostPublishedConsumer(CommentsDbContext db) : InboxConsumer<PostPublished, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(PostPublished message, ConsumeContext<PostPublished> context, CancellationToken cancellationToken)
    {
        var post = await Db.PublishedPosts.SingleOrDefaultAsync(p => p.PostId == message.PostId, cancellationToken);
        if (post is null)
        {
            post = new PublishedPost { PostId = message.PostId };
            Db.PublishedPosts.Add(post);
        }
        post.Slug = message.Slug;
        post.Title = message.Title;
        post.AuthorUsername = message.AuthorUsername;
        post.AuthorId = message.AuthorId;
        post.PublishedAt = message.PublishedAt;
    }
}

/// <summary>
/// A post no longer public (back to draft, or deleted) takes its thread with it: without the post
/// in the projection, its comments are neither listed nor writable.
/// </summary>
public sealed class PostUnpublishedConsumer(CommentsDbContext db) : InboxConsumer<PostUnpublished, CommentsDbContext>(db)
{
    protected override Task HandleAsync(PostUnpublished message, ConsumeContext<PostUnpublished> context, CancellationToken cancellationToken) =>
        Db.PublishedPosts.Where(p => p.PostId == message.PostId).ExecuteDeleteAsync(cancellationToken);
}

public sealed class PostDeletedConsumer(CommentsDbContext db) : InboxConsumer<PostDeleted, CommentsDbContext>(db)
{
    protected override Task HandleAsync(PostDeleted message, ConsumeContext<PostDeleted> context, CancellationToken cancellationToken) =>
        Db.PublishedPosts.Where(p => p.PostId == message.PostId).ExecuteDeleteAsync(cancellationToken);
}
