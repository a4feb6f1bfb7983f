using Blog.Messaging;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.IntegrationEvents;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Blog.Topology;

namespace Blog.Notifications;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NotificationsDbContext>(PlatformServices.Notifications.Database);
        builder.AddRedis();
        // The unread count in every signed-in page's header, per reader, until Notifications' next write; not
        // announced: no public page shows a reader's inbox, so the gateway's cache has nothing to drop.
        builder.AddContentCache<NotificationsDbContext>(announced: false);
        builder.AddBlogAuthentication();
        builder.Services.AddOptions<MailOptions>().BindConfiguration("Mail")
            .Validate(o => o.DigestHour is >= 0 and < 24 && o.SmtpPort is > 0 and < 65536 && o.MinInterval >= TimeSpan.Zero, "Mail settings out of range")
            .ValidateOnStart();
        builder.Services.AddSingleton<SiteAddresses>();
        builder.Services.AddHostedService<MailComposer>();
        builder.Services.AddHostedService<MailSender>();
        builder.AddMessaging<NotificationsDbContext>(PlatformServices.Notifications.Name, bus =>
        {
            bus.AddConsumer<UserRegisteredConsumer>();
            bus.AddConsumer<UserProfileUpdatedConsumer>();
            bus.AddConsumer<UserFollowedConsumer>();
            bus.AddConsumer<UserUnfollowedConsumer>();
            bus.AddConsumer<UserSuspendedConsumer>();
            bus.AddConsumer<UserReinstatedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
            bus.AddConsumer<PostPublishedConsumer>();
            bus.AddConsumer<PostUpdatedConsumer>();
            bus.AddConsumer<PostUnpublishedConsumer>();
            bus.AddConsumer<PostDeletedConsumer>();
            bus.AddBatchedInboxConsumer<CommentCreatedConsumer>();
            bus.AddConsumer<CommentEditedConsumer>();
            bus.AddConsumer<CommentVisibilityChangedConsumer>();
            bus.AddConsumer<CommentDeletedConsumer>();
            bus.AddConsumer<CommentHeldConsumer>();
            bus.AddConsumer<CommentApprovedConsumer>();
            bus.AddConsumer<CommentRejectedConsumer>();
        });
    }
}
