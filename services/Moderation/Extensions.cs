using Blog.Topology;
using Blog.Messaging;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.IntegrationEvents;
using Blog.ServiceDefaults.Authentication;

namespace Blog.Moderation;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ModerationDbContext>(PlatformServices.Moderation.Database);
        builder.AddRedis();
        builder.AddBlogAuthentication();
        builder.Services.AddHttpClient(StaffDirectory.IdentityClient, client => client.BaseAddress = PlatformServices.Identity.Address);
        builder.Services.AddSingleton<StaffDirectory>();
        builder.AddMessaging<ModerationDbContext>(PlatformServices.Moderation.Name, bus =>
        {
            bus.AddBatchedInboxConsumer<CommentCreatedConsumer>();
            bus.AddConsumer<CommentEditedConsumer>();
            bus.AddConsumer<CommentDeletedConsumer>();
            bus.AddConsumer<CommentReportedConsumer>();
            bus.AddConsumer<UserRegisteredConsumer>();
            bus.AddConsumer<UserProfileUpdatedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
            bus.AddConsumer<UserRolesChangedConsumer>();
            bus.AddConsumer<PostTakenDownConsumer>();
            bus.AddConsumer<PostRestoredConsumer>();
        });
    }
}
