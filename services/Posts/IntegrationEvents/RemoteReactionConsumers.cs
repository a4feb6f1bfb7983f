using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.IntegrationEvents;

/// <summary>
/// A like from the fediverse counts with the post's likes, once per remote account (a row of its own,
/// apart from local accounts' reactions), and leaves with its `Undo`.
/// </summary>
public sealed class RemotePostLikedConsumer(PostsDbContext db, TimeProvider clock) : InboxConsumer<RemotePostLiked, PostsDbContext>(db)
{
    protected override async Task HandleAsync(RemotePostLiked message, ConsumeContext<RemotePostLiked> context, CancellationToken cancellationToken)
    {
        var published = await Db.Articles.AnyAsync(a => a.Id == message.PostId && a.Status == ArticleStatus.Published, cancellationToken);
        if (!published) return;
        // Shown as a link: an http(s) address or none.
        var profile = Uri.TryCreate(message.ProfileUrl, UriKind.Absolute, out var page) && (page.Scheme == Uri.UriSchemeHttps || page.Scheme == Uri.UriSchemeHttp)
            ? page.AbsoluteUri : null;
        var added = await Db.Database.ExecuteSqlAsync($"""
            INSERT INTO remote_reactions (article_id, actor_id, handle, profile_url, created_at)
            VALUES ({message.PostId}, {message.ActorId}, {message.Handle}, {profile}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (added == 1) await Db.CountLikeAsync(message.PostId, +1, cancellationToken);
    }
}

public sealed class RemotePostUnlikedConsumer(PostsDbContext db) : InboxConsumer<RemotePostUnliked, PostsDbContext>(db)
{
    protected override async Task HandleAsync(RemotePostUnliked message, ConsumeContext<RemotePostUnliked> context, CancellationToken cancellationToken)
    {
        var removed = await Db.RemoteReactions.Where(r => r.ArticleId == message.PostId && r.ActorId == message.ActorId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 1) await Db.CountLikeAsync(message.PostId, -1, cancellationToken);
    }
}

static class RemoteLikes
{
    public static Task<int> CountLikeAsync(this PostsDbContext db, Guid articleId, int delta, CancellationToken cancellationToken) =>
        db.Articles.Where(a => a.Id == articleId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LikesCount, a => a.LikesCount + delta), cancellationToken);
}
