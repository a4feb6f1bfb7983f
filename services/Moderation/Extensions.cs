using Blog.Messaging;
using Blog.Moderation.Infrastructure;

namespace Blog.Moderation;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ModerationDbContext>("moderationdb");
        builder.AddRedis();
        builder.AddMessaging<ModerationDbContext>("moderation");
    }
}
