using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.IntegrationEvents;

/// <summary>
/// Moderation's verdicts decide whether a comment is public. Each carries the comment's verdict
/// revision: a verdict older than the one already applied (verdicts of different kinds travel on
/// different queues) changes nothing.
/// </summary>
public sealed class CommentHeldConsumer(CommentsDbContext db) : InboxConsumer<CommentHeld, CommentsDbContext>(db)
{
    protected override Task HandleAsync(CommentHeld message, ConsumeContext<CommentHeld> context, CancellationToken cancellationToken) =>
        Db.ApplyVerdictAsync(message.CommentId, message.Revision, CommentStatus.Held, message.HeldAt, cancellationToken);
}

public sealed class CommentApprovedConsumer(CommentsDbContext db) : InboxConsumer<CommentApproved, CommentsDbContext>(db)
{
    protected override Task HandleAsync(CommentApproved message, ConsumeContext<CommentApproved> context, CancellationToken cancellationToken) =>
        Db.ApplyVerdictAsync(message.CommentId, message.Revision, CommentStatus.Visible, message.ApprovedAt, cancellationToken);
}

public sealed class CommentRejectedConsumer(CommentsDbContext db) : InboxConsumer<CommentRejected, CommentsDbContext>(db)
{
    protected override Task HandleAsync(CommentRejected message, ConsumeContext<CommentRejected> context, CancellationToken cancellationToken) =>
        Db.ApplyVerdictAsync(message.CommentId, message.Revision, CommentStatus.Rejected, message.RejectedAt, cancellationToken);
}

static class Verdicts
{
    public static async Task ApplyVerdictAsync(this CommentsDbContext db, Guid commentId, int revision, CommentStatus status, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        var postId = await db.Comments.Where(c => c.Id == commentId).Select(c => (Guid?)c.PostId).SingleOrDefaultAsync(cancellationToken);
        if (postId is null) return;
        await db.LockPostAsync(postId.Value, cancellationToken);
        var comment = await db.LockCommentAsync(commentId, cancellationToken);
        if (comment is null || comment.Status == CommentStatus.Deleted || revision <= comment.ModerationRevision) return;

        var wasVisible = comment.Status == CommentStatus.Visible;
        comment.Status = status;
        comment.ModerationRevision = revision;
        var isVisible = status == CommentStatus.Visible;
        if (wasVisible != isVisible)
        {
            await db.AddCountedEventAsync(comment.PostId,
                (count, countRevision) => new CommentVisibilityChanged(comment.Id, comment.PostId, isVisible, at, count, countRevision, comment.Number), cancellationToken);
        }
    }
}
