using Blog.Messaging;
using Blog.Posts.Infrastructure;

namespace Blog.Posts;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PostsDbContext>("postsdb");
        builder.AddRedis();
        builder.AddMessaging<PostsDbContext>("posts");
    }
}
