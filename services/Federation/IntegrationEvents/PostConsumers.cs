using Blog.Contracts;
using Blog.Federation.Infrastructure;
using Blog.Federation.Model;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.IntegrationEvents;

/// <summary>A post made public reaches its author's followers as a `Create` of an `Article`.</summary>
public sealed class PostPublishedConsumer(FederationDbContext db, ActivityDocuments documents, TimeProvider clock)
    : InboxConsumer<PostPublished, FederationDbContext>(db)
{
    protected override async Task HandleAsync(PostPublished message, ConsumeContext<PostPublished> context, CancellationToken cancellationToken)
    {
        var author = await Db.AuthorAsync(message.AuthorId, message.AuthorUsername, cancellationToken);
        if (author is null) return;
        var post = await Db.Posts.SingleOrDefaultAsync(p => p.PostId == message.PostId, cancellationToken)
            ?? Db.Posts.Add(new FederatedPost { PostId = message.PostId }).Entity;
        post.AuthorId = author.UserId;
        post.Slug = message.Slug;
        post.Title = message.Title;
        post.Description = message.Description;
        post.Url = message.CanonicalUrl;
        post.Tags = [.. message.Tags];
        post.PublishedAt = message.PublishedAt;
        post.Public = true;
        var now = clock.GetUtcNow();
        await Db.EnqueueToFollowersAsync(author.UserId, documents.Activity("Create", author.Username, documents.Article(post, author.Username), now), now, cancellationToken);
    }
}

/// <summary>An edit of a public post reaches the followers as an `Update` of the `Article`.</summary>
public sealed class PostUpdatedConsumer(FederationDbContext db, ActivityDocuments documents, TimeProvider clock)
    : InboxConsumer<PostUpdated, FederationDbContext>(db)
{
    protected override async Task HandleAsync(PostUpdated message, ConsumeContext<PostUpdated> context, CancellationToken cancellationToken)
    {
        var post = await Db.Posts.SingleOrDefaultAsync(p => p.PostId == message.PostId && p.Public, cancellationToken);
        var author = post is null ? null : await Db.AuthorAsync(post.AuthorId, message.AuthorUsername, cancellationToken);
        if (post is null || author is null) return;
        post.Slug = message.Slug;
        post.Title = message.Title;
        post.Description = message.Description;
        post.Url = message.CanonicalUrl;
        post.Tags = [.. message.Tags];
        post.UpdatedAt = message.UpdatedAt;
        var now = clock.GetUtcNow();
        await Db.EnqueueToFollowersAsync(author.UserId, documents.Activity("Update", author.Username, documents.Article(post, author.Username), now), now, cancellationToken);
    }
}

/// <summary>A post unpublished (or taken down by moderators) is deleted from the followers' servers.</summary>
public sealed class PostUnpublishedConsumer(FederationDbContext db, ActivityDocuments documents, FederationAddresses addresses, TimeProvider clock)
    : InboxConsumer<PostUnpublished, FederationDbContext>(db)
{
    protected override Task HandleAsync(PostUnpublished message, ConsumeContext<PostUnpublished> context, CancellationToken cancellationToken) =>
        Db.WithdrawAsync(message.PostId, documents, addresses, clock.GetUtcNow(), cancellationToken);
}

/// <summary>A post deleted is deleted from the followers' servers.</summary>
public sealed class PostDeletedConsumer(FederationDbContext db, ActivityDocuments documents, FederationAddresses addresses, TimeProvider clock)
    : InboxConsumer<PostDeleted, FederationDbContext>(db)
{
    protected override async Task HandleAsync(PostDeleted message, ConsumeContext<PostDeleted> context, CancellationToken cancellationToken)
    {
        await Db.WithdrawAsync(message.PostId, documents, addresses, clock.GetUtcNow(), cancellationToken);
        // Posts deleted its copies of the likes with the post.
        await Db.RemoteLikes.Where(l => l.PostId == message.PostId).ExecuteDeleteAsync(cancellationToken);
    }
}

static class PostFederation
{
    /// <summary>The live author of a post, by key (by name in events older than 1.1.0, which carry none).</summary>
    public static Task<LocalActor?> AuthorAsync(this FederationDbContext db, Guid authorId, string username, CancellationToken cancellationToken) =>
        authorId != Guid.Empty
            ? db.LocalActors.SingleOrDefaultAsync(a => a.UserId == authorId && a.DeletedAt == null, cancellationToken)
            : db.ActorNamedAsync(username, cancellationToken);

    public static async Task WithdrawAsync(this FederationDbContext db, Guid postId, ActivityDocuments documents, FederationAddresses addresses, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var post = await db.Posts.SingleOrDefaultAsync(p => p.PostId == postId && p.Public, cancellationToken);
        if (post is null) return;
        post.Public = false;
        var author = await db.LocalActors.SingleOrDefaultAsync(a => a.UserId == post.AuthorId, cancellationToken);
        if (author is not null) await db.EnqueueToFollowersAsync(author.UserId, documents.Delete(author.Username, addresses.Article(postId), now), now, cancellationToken);
    }
}
