using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.IntegrationEvents;

/// Keeps the projection of published posts that comments hang on.
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
        post.PublishedAt = message.PublishedAt;
    }
}
