using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.IntegrationEvents;

/// Keeps Comments' copy of accounts current, so a thread shows names and pictures without calling Identity.
/// Registration is an account's first state: arriving after a profile update (another queue), it changes nothing.
public sealed class UserRegisteredConsumer(CommentsDbContext db) : InboxConsumer<UserRegistered, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken)
    {
        if (await Db.Commenters.AnyAsync(c => c.UserId == message.UserId, cancellationToken)) return;
        await Db.UpsertCommenterAsync(message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, cancellationToken);
    }
}

/// A renamed account keeps its comments, and the posts it wrote keep their "recent comments" box.
public sealed class UserProfileUpdatedConsumer(CommentsDbContext db) : InboxConsumer<UserProfileUpdated, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken)
    {
        await Db.UpsertCommenterAsync(message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, cancellationToken);
        await Db.Comments.Where(c => c.AuthorId == message.UserId && c.AuthorUsername != message.Username)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorUsername, message.Username), cancellationToken);
        await Db.PublishedPosts.Where(p => p.AuthorId == message.UserId && p.AuthorUsername != message.Username)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.AuthorUsername, message.Username), cancellationToken);
    }
}

static class CommenterProjection
{
    public static async Task UpsertCommenterAsync(this CommentsDbContext db, Guid id, string username, string displayName, string bio, string? image,
        CancellationToken cancellationToken)
    {
        var commenter = await db.Commenters.SingleOrDefaultAsync(c => c.UserId == id, cancellationToken);
        if (commenter is null) db.Commenters.Add(commenter = new Commenter { UserId = id });
        commenter.Username = username;
        commenter.DisplayName = displayName;
        commenter.Bio = bio;
        commenter.Image = image;
    }
}
