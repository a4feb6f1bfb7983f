using Blog.Contracts;
using Blog.Identity.Apis;
using Blog.Identity.Infrastructure;
using Blog.Identity.Model;
using Blog.Messaging.Inbox;
using Blog.ServiceDefaults.Authentication;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.IntegrationEvents;

/// <summary>
/// Enforces a suspension decided by Moderation: the account cannot log in until it ends, and
/// every service refuses its tokens (through the shared suspension list in Redis). Identity holds
/// the roles, so it checks the staff hierarchy again: a suspension Moderation should not have
/// allowed (its copy of the roles lagging) is logged and not enforced.
/// </summary>
public sealed class UserSuspendedConsumer(IdentityDbContext db, AccountRevocations revocations, TimeProvider clock, ILogger<UserSuspendedConsumer> logger)
    : InboxConsumer<UserSuspended, IdentityDbContext>(db)
{
    protected override async Task HandleAsync(UserSuspended message, ConsumeContext<UserSuspended> context, CancellationToken cancellationToken)
    {
        var user = await Db.Users.SingleOrDefaultAsync(u => u.Id == message.UserId, cancellationToken)
            ?? await ProfilesApi.FindAsync(Db, message.Username, cancellationToken);
        if (user is null) return;

        var actor = await ProfilesApi.FindAsync(Db, message.SuspendedBy, cancellationToken);
        var now = clock.GetUtcNow();
        var otherActiveAdmins = await Db.Users.CountAsync(u => u.Id != user.Id && u.Roles.Contains(BlogRoles.Admin)
            && (u.SuspendedUntil == null || u.SuspendedUntil <= now), cancellationToken);
        var refusal = StaffHierarchy.WhyNotSuspend(actor?.Roles ?? [], user.Roles, actor?.Id == user.Id, otherActiveAdmins == 0);
        if (refusal is not null)
        {
            logger.LogWarning("Not enforcing the suspension of {Username} by {Actor}: {Reason}", user.Username, message.SuspendedBy, refusal);
            return;
        }

        user.Suspend(message.Until, message.Reason);
        await revocations.SuspendAsync(user.Id.ToString(), message.Until);
    }
}

/// <summary>Lifts a suspension Moderation ended early: the account may sign in again and its tokens are accepted.</summary>
public sealed class UserReinstatedConsumer(IdentityDbContext db, AccountRevocations revocations) : InboxConsumer<UserReinstated, IdentityDbContext>(db)
{
    protected override async Task HandleAsync(UserReinstated message, ConsumeContext<UserReinstated> context, CancellationToken cancellationToken)
    {
        var user = await Db.Users.SingleOrDefaultAsync(u => u.Id == message.UserId, cancellationToken);
        if (user is null) return;
        user.Reinstate();
        await revocations.ReinstateAsync(user.Id.ToString());
    }
}
