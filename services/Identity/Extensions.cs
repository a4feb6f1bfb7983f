using Blog.Identity.Infrastructure;
using Blog.Messaging;

namespace Blog.Identity;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IdentityDbContext>("identitydb");
        builder.AddRedis();
        builder.AddMessaging<IdentityDbContext>("identity");
    }
}
