using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.IntegrationEvents;

/// <summary>
/// A new comment tells, once each and in this order of precedence, the author of the comment it replies
/// to, the post's author, and the accounts it mentions; never its own author. Taken in batches.
/// </summary>
public sealed class CommentCreatedConsumer(NotificationsDbContext db) : BatchedInboxConsumer<CommentCreated, NotificationsDbContext>(db)
{
    protected override async Task HandleAsync(CommentCreated message, ConsumeContext<CommentCreated> context, CancellationToken cancellationToken)
    {
        await Db.TakeInCommentAsync(message, cancellationToken);

        var told = new HashSet<Guid> { message.AuthorId };
        // The event names the parent's author (since 1.4.0): a reply may well be handled before its parent's event.
        var parentAuthor = message.ParentAuthorId ?? (message.ParentId is { } parent
            ? await Db.Comments.Where(c => c.CommentId == parent).Select(c => (Guid?)c.AuthorId).SingleOrDefaultAsync(cancellationToken)
            : null);
        var postAuthor = await Db.Posts.Where(p => p.PostId == message.PostId).Select(p => (Guid?)p.AuthorId).SingleOrDefaultAsync(cancellationToken);
        var mentioned = Mentions.In(message.Body);
        var mentionedIds = mentioned.Count == 0 ? []
            : await Db.Accounts.Where(a => mentioned.Contains(a.NormalizedUsername)).Select(a => a.UserId).ToListAsync(cancellationToken);

        foreach (var (recipient, kind) in new (Guid? Recipient, string Kind)[] { (parentAuthor, NotificationKinds.CommentReply), (postAuthor, NotificationKinds.PostComment) }
                     .Concat(mentionedIds.Select(id => ((Guid?)id, NotificationKinds.Mention))))
        {
            if (recipient is not { } someone || !told.Add(someone)) continue;
            await Db.NotifyAsync(someone, new Notification
            {
                Kind = kind, SubjectId = message.CommentId, ActorId = message.AuthorId, PostId = message.PostId, CommentId = message.CommentId,
                CreatedAt = message.CreatedAt,
            }, cancellationToken);
        }
    }
}

/// <summary>An edited comment is quoted as it reads now (its new mentions tell no one: an edit is no way to reach a crowd).</summary>
public sealed class CommentEditedConsumer(NotificationsDbContext db) : InboxConsumer<CommentEdited, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(CommentEdited message, ConsumeContext<CommentEdited> context, CancellationToken cancellationToken) =>
        Db.Comments.Where(c => c.CommentId == message.CommentId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Excerpt, KnownComment.ExcerptOf(message.Body)), cancellationToken);
}

/// <summary>Whether readers see a comment, the latest verdict winning: notifications about a hidden comment are not shown.</summary>
public sealed class CommentVisibilityChangedConsumer(NotificationsDbContext db) : InboxConsumer<CommentVisibilityChanged, NotificationsDbContext>(db)
{
    protected override async Task HandleAsync(CommentVisibilityChanged message, ConsumeContext<CommentVisibilityChanged> context, CancellationToken cancellationToken)
    {
        var comment = await Db.LockCommentAsync(message.CommentId, message.PostId, cancellationToken);
        if (comment.VisibilityRevision > message.CountRevision) return;
        comment.Visible = message.Visible;
        comment.VisibilityRevision = message.CountRevision;
    }
}

/// <summary>A deleted comment takes the notifications about it along.</summary>
public sealed class CommentDeletedConsumer(NotificationsDbContext db) : InboxConsumer<CommentDeleted, NotificationsDbContext>(db)
{
    protected override async Task HandleAsync(CommentDeleted message, ConsumeContext<CommentDeleted> context, CancellationToken cancellationToken)
    {
        await Db.Notifications.Where(n => n.CommentId == message.CommentId).ExecuteDeleteAsync(cancellationToken);
        await Db.Comments.Where(c => c.CommentId == message.CommentId).ExecuteDeleteAsync(cancellationToken);
    }
}
