using Blog.Contracts;
using Blog.Messaging;
using Blog.Messaging.Inbox;
using Blog.Messaging.Projections;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.IntegrationEvents;

/// <summary>Keeps Posts' copy of authors current, so article pages never call Identity.</summary>
public sealed class UserRegisteredConsumer(PostsDbContext db) : InboxConsumer<UserRegistered, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken)
    {
        await AuthorProjection.UpsertAsync(Db, message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, message.RegisteredAt, cancellationToken);
    }
}

public sealed class UserProfileUpdatedConsumer(PostsDbContext db) : InboxConsumer<UserProfileUpdated, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken)
    {
        await AuthorProjection.UpsertAsync(Db, message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, message.UpdatedAt, cancellationToken);
    }
}

static class AuthorProjection
{
    /// <summary>Applies a profile state unless a newer one is held (a registration arriving after an update, say).</summary>
    public static async Task UpsertAsync(PostsDbContext db, Guid id, string username, string displayName, string bio, string? image,
        DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var (author, isNewer) = await db.Authors.ForProfileStateAsync(a => a.Id == id, () => new Author { Id = id }, asOf, cancellationToken);
        if (!isNewer) return;
        author.Username = username;
        author.DisplayName = displayName;
        author.Bio = bio;
        author.Image = image;
    }
}

public sealed class UserFollowedConsumer(PostsDbContext db) : InboxConsumer<UserFollowed, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserFollowed message, ConsumeContext<UserFollowed> context, CancellationToken cancellationToken)
    {
        await Db.Database.ExecuteSqlAsync(
            $"INSERT INTO author_follows (follower_id, followee_id) VALUES ({message.FollowerId}, {message.FolloweeId}) ON CONFLICT DO NOTHING", cancellationToken);
    }
}

public sealed class UserUnfollowedConsumer(PostsDbContext db) : InboxConsumer<UserUnfollowed, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserUnfollowed message, ConsumeContext<UserUnfollowed> context, CancellationToken cancellationToken)
    {
        await Db.AuthorFollows.Where(f => f.FollowerId == message.FollowerId && f.FolloweeId == message.FolloweeId).ExecuteDeleteAsync(cancellationToken);
    }
}

/// <summary>
/// A deleted account takes its posts along (a `PostDeleted` each, as when its author deletes one), its
/// reactions (the posts' counts drop with them), its follows both ways and Posts' copy of it.
/// </summary>
public sealed class UserDeletedConsumer(PostsDbContext db) : InboxConsumer<UserDeleted, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserDeleted message, ConsumeContext<UserDeleted> context, CancellationToken cancellationToken)
    {
        var id = message.UserId;
        foreach (var article in await Db.Articles.Where(a => a.AuthorId == id).ToListAsync(cancellationToken))
        {
            Db.Articles.Remove(article);
            Db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Deleted(article, message.DeletedAt));
        }
        await Db.SaveChangesAsync(cancellationToken);

        var reactions = Db.Reactions.Where(r => r.UserId == id);
        await Db.Articles.Where(a => reactions.Any(r => r.ArticleId == a.Id && r.Kind == ReactionKinds.Like))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.LikesCount, a => a.LikesCount - 1), cancellationToken);
        await Db.Articles.Where(a => reactions.Any(r => r.ArticleId == a.Id && r.Kind == ReactionKinds.Handshake))
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.HandshakesCount, a => a.HandshakesCount - 1), cancellationToken);
        await reactions.ExecuteDeleteAsync(cancellationToken);
        await Db.AuthorFollows.Where(f => f.FollowerId == id || f.FolloweeId == id).ExecuteDeleteAsync(cancellationToken);
        await Db.Authors.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken);
    }
}
