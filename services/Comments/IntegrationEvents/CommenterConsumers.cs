using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Messaging.Projections;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.IntegrationEvents;

/// <summary>Keeps Comments' copy of accounts current, so a thread shows names and pictures without calling Identity.</summary>
public sealed class UserRegisteredConsumer(CommentsDbContext db) : InboxConsumer<UserRegistered, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken)
    {
        await Db.ApplyProfileAsync(message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, message.RegisteredAt, cancellationToken);
    }
}

/// <summary>A renamed account keeps its comments, and the posts it wrote keep their "recent comments" box.</summary>
public sealed class UserProfileUpdatedConsumer(CommentsDbContext db) : InboxConsumer<UserProfileUpdated, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken)
    {
        if (!await Db.ApplyProfileAsync(message.UserId, message.Username, message.DisplayName, message.Bio, message.Image, message.UpdatedAt, cancellationToken)) return;
        await Db.Comments.Where(c => c.AuthorId == message.UserId && c.AuthorUsername != message.Username)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AuthorUsername, message.Username), cancellationToken);
        await Db.PublishedPosts.Where(p => p.AuthorId == message.UserId && p.AuthorUsername != message.Username)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.AuthorUsername, message.Username), cancellationToken);
    }
}

static class CommenterProjection
{
    /// <summary>Applies a profile state unless a newer one is held; says whether it did.</summary>
    public static async Task<bool> ApplyProfileAsync(this CommentsDbContext db, Guid id, string username, string displayName, string bio, string? image,
        DateTimeOffset asOf, CancellationToken cancellationToken, string? profileUrl = null)
    {
        var (commenter, isNewer) = await db.Commenters.ForProfileStateAsync(c => c.UserId == id, () => new Commenter { UserId = id }, asOf, cancellationToken);
        if (!isNewer) return false;
        commenter.Username = username;
        commenter.DisplayName = displayName;
        commenter.Bio = bio;
        commenter.Image = image;
        commenter.ProfileUrl = profileUrl;
        return true;
    }
}

/// <summary>
/// A deleted account takes its comments along, as if it had deleted each (placeholders where others
/// replied, a `CommentDeleted` each), and Comments' copy of it. Posts are locked in one order, replies
/// deleted before what they answer.
/// </summary>
public sealed class UserDeletedConsumer(CommentsDbContext db) : InboxConsumer<UserDeleted, CommentsDbContext>(db)
{
    protected override async Task HandleAsync(UserDeleted message, ConsumeContext<UserDeleted> context, CancellationToken cancellationToken)
    {
        var written = Db.Comments.Where(c => c.AuthorId == message.UserId && c.Status != CommentStatus.Deleted);
        foreach (var postId in await written.Select(c => c.PostId).Distinct().OrderBy(p => p).ToListAsync(cancellationToken))
        {
            await Db.LockPostAsync(postId, cancellationToken);
            var ids = await written.Where(c => c.PostId == postId).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number)
                .Select(c => c.Id).ToListAsync(cancellationToken);
            foreach (var id in ids)
            {
                if (await Db.LockCommentAsync(id, cancellationToken) is { } comment)
                    await Db.DeleteCommentAsync(comment, message.DeletedAt, cancellationToken);
            }
        }
        await Db.Commenters.Where(c => c.UserId == message.UserId).ExecuteDeleteAsync(cancellationToken);
    }
}
