using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using MassTransit;

namespace Blog.Moderation.IntegrationEvents;

/// <summary>Posts taken down and restored (decided in Posts, which holds them) go into the audit log, under the author's account.</summary>
public sealed class PostTakenDownConsumer(ModerationDbContext db) : InboxConsumer<PostTakenDown, ModerationDbContext>(db)
{
    protected override Task HandleAsync(PostTakenDown message, ConsumeContext<PostTakenDown> context, CancellationToken cancellationToken)
    {
        Db.Audit.Add(new AuditEntry { At = message.TakenDownAt, Actor = message.TakenDownBy, Action = AuditActions.PostTakenDown, UserId = message.AuthorId,
            Reason = $"post '{message.Slug}' ({message.PostId}): {message.Reason}" });
        return Task.CompletedTask;
    }
}

public sealed class PostRestoredConsumer(ModerationDbContext db) : InboxConsumer<PostRestored, ModerationDbContext>(db)
{
    protected override Task HandleAsync(PostRestored message, ConsumeContext<PostRestored> context, CancellationToken cancellationToken)
    {
        Db.Audit.Add(new AuditEntry { At = message.RestoredAt, Actor = message.RestoredBy, Action = AuditActions.PostRestored, UserId = message.AuthorId,
            Reason = $"post '{message.Slug}' ({message.PostId}) restored" });
        return Task.CompletedTask;
    }
}
