using Blog.Notifications.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.Infrastructure;

/// <summary>
/// Puts notifications in inboxes: each once (a second insert of the same recipient, kind and subject
/// does nothing) and never in the inbox of the one who acted.
/// </summary>
public static class Inboxes
{
    /// <summary>
    /// Stands for the author of a comment not known yet: moderation's verdicts travel on other queues than
    /// the comment itself, so one may come first; the comment's arrival gives it its recipient.
    /// </summary>
    public static readonly Guid UnknownAuthor = Guid.Empty;

    public static async Task NotifyAsync(this NotificationsDbContext db, Guid recipient, Notification what, CancellationToken cancellationToken)
    {
        if (recipient == what.ActorId) return;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO notifications (id, recipient_id, kind, subject_id, actor_id, post_id, comment_id, reason, until, created_at)
            VALUES ({Guid.CreateVersion7()}, {recipient}, {what.Kind}, {what.SubjectId}, {what.ActorId}, {what.PostId}, {what.CommentId},
                    {what.Reason}, {what.Until}, {what.CreatedAt})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
    }

    /// <summary>Notifies every follower of `blogger` (but the blogger) in one statement, however many they are.</summary>
    public static Task NotifyFollowersAsync(this NotificationsDbContext db, Guid blogger, Notification what, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO notifications (id, recipient_id, kind, subject_id, actor_id, post_id, created_at)
            SELECT gen_random_uuid(), follower_id, {what.Kind}, {what.SubjectId}, {what.ActorId}, {what.PostId}, {what.CreatedAt}
            FROM known_follows WHERE followee_id = {blogger} AND follower_id <> {blogger}
            ON CONFLICT DO NOTHING
            """, cancellationToken);
}
