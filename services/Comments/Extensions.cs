using Blog.Comments.Infrastructure;
using Blog.Comments.IntegrationEvents;
using Blog.Messaging;
using Blog.ServiceDefaults.Authentication;

namespace Blog.Comments;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<CommentsDbContext>("commentsdb");
        builder.AddRedis();
        builder.AddBlogAuthentication();
        builder.AddMessaging<CommentsDbContext>("comments", bus =>
        {
            bus.AddConsumer<PostPublishedConsumer>();
            bus.AddConsumer<PostUnpublishedConsumer>();
            bus.AddConsumer<PostDeletedConsumer>();
        });
    }
}
