using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.IntegrationEvents;

/// Keeps Posts' copy of authors current, so article pages never call Identity.
public sealed class UserRegisteredConsumer(PostsDbContext db) : InboxConsumer<UserRegistered, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken)
    {
        var author = await Db.Authors.SingleOrDefaultAsync(a => a.Id == message.UserId, cancellationToken);
        if (author is null) Db.Authors.Add(author = new Author { Id = message.UserId });
        author.Username = message.Username;
        author.DisplayName = message.DisplayName;
        author.Bio = message.Bio;
        author.Image = message.Image;
    }
}

public sealed class UserProfileUpdatedConsumer(PostsDbContext db) : InboxConsumer<UserProfileUpdated, PostsDbContext>(db)
{
    protected override async Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken)
    {
        var author = await Db.Authors.SingleOrDefaultAsync(a => a.Id == message.UserId, cancellationToken);
        if (author is null) Db.Authors.Add(author = new Author { Id = message.UserId });
        author.Username = message.Username;
        author.DisplayName = message.DisplayName;
        author.Bio = message.Bio;
        author.Image = message.Image;
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
