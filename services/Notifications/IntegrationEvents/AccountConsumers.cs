using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Messaging.Projections;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.IntegrationEvents;

/// <summary>Account names, for showing who acted and finding whom a comment mentions.</summary>
public sealed class UserRegisteredConsumer(NotificationsDbContext db) : InboxConsumer<UserRegistered, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken) =>
        Db.ApplyAccountAsync(message.UserId, message.Username, message.RegisteredAt, cancellationToken);
}

public sealed class UserProfileUpdatedConsumer(NotificationsDbContext db) : InboxConsumer<UserProfileUpdated, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken) =>
        Db.ApplyAccountAsync(message.UserId, message.Username, message.UpdatedAt, cancellationToken);
}

static class AccountProjection
{
    public static async Task ApplyAccountAsync(this NotificationsDbContext db, Guid id, string username, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var (account, isNewer) = await db.Accounts.ForProfileStateAsync(a => a.UserId == id, () => new KnownAccount { UserId = id }, asOf, cancellationToken);
        if (!isNewer) return;
        account.Username = username;
        account.NormalizedUsername = username.ToUpperInvariant();
    }
}

/// <summary>Who follows whom, for telling followers of a new post.</summary>
public sealed class UserFollowedConsumer(NotificationsDbContext db) : InboxConsumer<UserFollowed, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(UserFollowed message, ConsumeContext<UserFollowed> context, CancellationToken cancellationToken) =>
        Db.Database.ExecuteSqlAsync(
            $"INSERT INTO known_follows (followee_id, follower_id) VALUES ({message.FolloweeId}, {message.FollowerId}) ON CONFLICT DO NOTHING", cancellationToken);
}

public sealed class UserUnfollowedConsumer(NotificationsDbContext db) : InboxConsumer<UserUnfollowed, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(UserUnfollowed message, ConsumeContext<UserUnfollowed> context, CancellationToken cancellationToken) =>
        Db.Follows.Where(f => f.FolloweeId == message.FolloweeId && f.FollowerId == message.FollowerId).ExecuteDeleteAsync(cancellationToken);
}

/// <summary>The account hears of its suspension, with the staff's reason and its end.</summary>
public sealed class UserSuspendedConsumer(NotificationsDbContext db) : InboxConsumer<UserSuspended, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(UserSuspended message, ConsumeContext<UserSuspended> context, CancellationToken cancellationToken) =>
        Db.NotifyAsync(message.UserId, new Notification
        {
            Kind = NotificationKinds.AccountSuspended, SubjectId = context.MessageId!.Value, Reason = message.Reason, Until = message.Until,
            CreatedAt = context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : DateTimeOffset.UtcNow,
        }, cancellationToken);
}

public sealed class UserReinstatedConsumer(NotificationsDbContext db) : InboxConsumer<UserReinstated, NotificationsDbContext>(db)
{
    protected override Task HandleAsync(UserReinstated message, ConsumeContext<UserReinstated> context, CancellationToken cancellationToken) =>
        Db.NotifyAsync(message.UserId, new Notification
        {
            Kind = NotificationKinds.AccountReinstated, SubjectId = context.MessageId!.Value, CreatedAt = message.ReinstatedAt,
        }, cancellationToken);
}

/// <summary>A deleted account's inbox, mail address, choices and mails go, and so does every notification about what it did.</summary>
public sealed class UserDeletedConsumer(NotificationsDbContext db) : InboxConsumer<UserDeleted, NotificationsDbContext>(db)
{
    protected override async Task HandleAsync(UserDeleted message, ConsumeContext<UserDeleted> context, CancellationToken cancellationToken)
    {
        var id = message.UserId;
        await Db.Notifications.Where(n => n.RecipientId == id || n.ActorId == id).ExecuteDeleteAsync(cancellationToken);
        await Db.Follows.Where(f => f.FollowerId == id || f.FolloweeId == id).ExecuteDeleteAsync(cancellationToken);
        await Db.Accounts.Where(a => a.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await Db.OutgoingMails.Where(m => m.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await Db.MailPreferences.Where(p => p.UserId == id).ExecuteDeleteAsync(cancellationToken);
        await Db.MailAddresses.Where(a => a.UserId == id).ExecuteDeleteAsync(cancellationToken);
    }
}
