using Blog.Contracts;
using Blog.Identity.Apis;
using Blog.Identity.Infrastructure;
using Blog.Messaging.Inbox;
using Blog.ServiceDefaults.Authentication;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Identity.IntegrationEvents;

/// Enforces a suspension decided by Moderation: the account cannot log in until it ends, and
/// every service refuses its tokens (through the shared suspension list in Redis).
public sealed class UserSuspendedConsumer(IdentityDbContext db, SuspendedUsers suspended) : InboxConsumer<UserSuspended, IdentityDbContext>(db)
{
    protected override async Task HandleAsync(UserSuspended message, ConsumeContext<UserSuspended> context, CancellationToken cancellationToken)
    {
        var user = await Db.Users.SingleOrDefaultAsync(u => u.Id == message.UserId, cancellationToken)
            ?? await ProfilesApi.FindAsync(Db, message.Username, cancellationToken);
        if (user is null) return;

        user.Suspend(message.Until, message.Reason);
        await suspended.SuspendAsync(user.Id.ToString(), message.Until);
    }
}
