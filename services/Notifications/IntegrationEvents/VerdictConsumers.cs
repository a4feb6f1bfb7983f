using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.IntegrationEvents;

// A comment's author hears what moderation decided about it: held (with the reason), approved, rejected
// (with the reason). The staff who decided are not named.

public sealed class CommentHeldConsumer(NotificationsDbContext db) : InboxConsumer<CommentHeld, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(CommentHeld message, ConsumeContext<CommentHeld> context, CancellationToken cancellationToken) =>
        Db.TellCommentAuthorAsync(message.CommentId, message.PostId, new Notification
        {
            Kind = NotificationKinds.CommentHeld, SubjectId = message.CaseId, Reason = message.Reason, CreatedAt = message.HeldAt,
        }, cancellationToken);
}

public sealed class CommentApprovedConsumer(NotificationsDbContext db) : InboxConsumer<CommentApproved, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(CommentApproved message, ConsumeContext<CommentApproved> context, CancellationToken cancellationToken) =>
        Db.TellCommentAuthorAsync(message.CommentId, message.PostId, new Notification
        {
            Kind = NotificationKinds.CommentApproved, SubjectId = message.CaseId, CreatedAt = message.ApprovedAt,
        }, cancellationToken);
}

public sealed class CommentRejectedConsumer(NotificationsDbContext db) : InboxConsumer<CommentRejected, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(CommentRejected message, ConsumeContext<CommentRejected> context, CancellationToken cancellationToken) =>
        Db.TellCommentAuthorAsync(message.CommentId, message.PostId, new Notification
        {
            Kind = NotificationKinds.CommentRejected, SubjectId = message.CaseId ?? message.CommentId, Reason = message.Reason, CreatedAt = message.RejectedAt,
        }, cancellationToken);
}

static class Verdicts
{
    /// <summary>To the comment's author, or waiting for the comment's own event when the verdict came first.</summary>
    public static async Task TellCommentAuthorAsync(this NotificationsDbContext db, Guid commentId, Guid postId, Notification what, CancellationToken cancellationToken)
    {
        var comment = await db.LockCommentAsync(commentId, postId, cancellationToken);
        what.PostId = postId;
        what.CommentId = commentId;
        await db.NotifyAsync(comment.AuthorId, what, cancellationToken);
    }
}
