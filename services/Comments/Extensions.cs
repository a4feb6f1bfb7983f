using Blog.Topology;
using Blog.Comments.Apis;
using Blog.Comments.Infrastructure;
using Blog.Comments.IntegrationEvents;
using Blog.Messaging;
using Blog.ServiceDefaults;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;

namespace Blog.Comments;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CommentsDbContext>(PlatformServices.Comments.Database);
        builder.AddRedis();
        builder.AddBlogAuthentication();
        builder.Services.Configure<CommentsOptions>(builder.Configuration.GetSection("Comments"));
        builder.AddCommentWriteLimits();
        builder.AddContentCache<CommentsDbContext>();
        builder.AddWarmUp("/api/articles/warm-up/comments", "/api/comments/recent?limit=5");
        builder.AddMessaging<CommentsDbContext>(PlatformServices.Comments.Name, bus =>
        {
            bus.AddConsumer<PostPublishedConsumer>();
            bus.AddConsumer<PostUnpublishedConsumer>();
            bus.AddConsumer<PostDeletedConsumer>();
            bus.AddConsumer<UserRegisteredConsumer>();
            bus.AddConsumer<UserProfileUpdatedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
            bus.AddConsumer<CommentHeldConsumer>();
            bus.AddConsumer<CommentApprovedConsumer>();
            bus.AddConsumer<CommentRejectedConsumer>();
            bus.AddConsumer<RemoteCommentReceivedConsumer>();
            bus.AddConsumer<RemoteCommentEditedConsumer>();
            bus.AddConsumer<RemoteCommentDeletedConsumer>();
        });
    }
}
