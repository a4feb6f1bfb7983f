using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Messaging.Projections;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.IntegrationEvents;

/// <summary>Accounts as Moderation needs them: their age (the new-account rule) and their name (suspensions).</summary>
public sealed class UserRegisteredConsumer(ModerationDbContext db) : InboxConsumer<UserRegistered, ModerationDbContext>(db)
{
    protected override async Task HandleAsync(UserRegistered message, ConsumeContext<UserRegistered> context, CancellationToken cancellationToken)
    {
        var (user, isNewer) = await Db.Users.ForProfileStateAsync(u => u.UserId == message.UserId,
            () => new KnownUser { UserId = message.UserId }, message.RegisteredAt, cancellationToken);
        // A rename that arrived first keeps its name; the registration time is the one fact it lacked.
        user.RegisteredAt = message.RegisteredAt;
        if (isNewer) user.Username = message.Username;
    }
}

public sealed class UserProfileUpdatedConsumer(ModerationDbContext db) : InboxConsumer<UserProfileUpdated, ModerationDbContext>(db)
{
    protected override async Task HandleAsync(UserProfileUpdated message, ConsumeContext<UserProfileUpdated> context, CancellationToken cancellationToken)
    {
        // Until the registration comes, the first profile state seen stands in for the account's age.
        var (user, isNewer) = await Db.Users.ForProfileStateAsync(u => u.UserId == message.UserId,
            () => new KnownUser { UserId = message.UserId, RegisteredAt = message.UpdatedAt }, message.UpdatedAt, cancellationToken);
        if (isNewer) user.Username = message.Username;
    }
}

/// <summary>Staff roles, for the hierarchy of suspensions (a moderator may not suspend staff).</summary>
public sealed class UserRolesChangedConsumer(ModerationDbContext db) : InboxConsumer<UserRolesChanged, ModerationDbContext>(db)
{
    protected override async Task HandleAsync(UserRolesChanged message, ConsumeContext<UserRolesChanged> context, CancellationToken cancellationToken)
    {
        var user = await Db.Users.SingleOrDefaultAsync(u => u.UserId == message.UserId, cancellationToken);
        if (user is null) Db.Users.Add(user = new KnownUser { UserId = message.UserId, Username = message.Username, RegisteredAt = message.ChangedAt });
        if (user.RolesAsOf >= message.ChangedAt) return;
        user.Roles = [.. message.Roles];
        user.RolesAsOf = message.ChangedAt;
    }
}

/// <summary>
/// A deleted account's copy goes; its comments leave the queue through the `CommentDeleted` Comments raises for
/// each. The audit log and suspensions stay: they are the staff's record of what they did.
/// </summary>
public sealed class UserDeletedConsumer(ModerationDbContext db) : InboxConsumer<UserDeleted, ModerationDbContext>(db)
{
    protected override Task HandleAsync(UserDeleted message, ConsumeContext<UserDeleted> context, CancellationToken cancellationToken) =>
        Db.Users.Where(u => u.UserId == message.UserId).ExecuteDeleteAsync(cancellationToken);
}
