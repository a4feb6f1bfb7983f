using Blog.Topology;
using Blog.Messaging;
using Blog.Posts.Apis;
using Blog.Posts.Infrastructure;
using Blog.Posts.IntegrationEvents;
using Blog.ServiceDefaults;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Blog.ServiceDefaults.Views;

namespace Blog.Posts;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<PostsDbContext>(PlatformServices.Posts.Database);
        builder.AddRedis();
        builder.AddBlogAuthentication();

        builder.Services.AddSingleton<BodyRenderer>();
        builder.Services.AddSingleton<SiteLinks>();
        builder.Services.AddOptions<ViewCountingOptions>().BindConfiguration("Views");
        builder.Services.AddSingleton<ViewCounter>();
        builder.Services.AddHostedService<ViewFlusher>();
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration("Scheduling");
        builder.Services.AddSingleton<ScheduledPublisher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ScheduledPublisher>());
        builder.Services.AddScoped<ArticleResponses>();
        builder.Services.AddOptions<RevisionOptions>().BindConfiguration("Revisions");
        builder.Services.AddScoped<RevisionHistory>();
        builder.AddContentCache<PostsDbContext>();
        builder.AddWarmUp("/api/articles?limit=20", "/api/articles/warm-up", "/api/tags", "/api/categories", "/feed.xml");

        builder.AddMessaging<PostsDbContext>(PlatformServices.Posts.Name, bus =>
        {
            bus.AddConsumer<UserRegisteredConsumer>();
            bus.AddConsumer<UserProfileUpdatedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
            bus.AddConsumer<UserFollowedConsumer>();
            bus.AddConsumer<UserUnfollowedConsumer>();
            bus.AddBatchedInboxConsumer<CommentCreatedConsumer>();
            bus.AddConsumer<CommentDeletedConsumer>();
            bus.AddConsumer<CommentVisibilityChangedConsumer>();
            bus.AddConsumer<RemotePostLikedConsumer>();
            bus.AddConsumer<RemotePostUnlikedConsumer>();
        });
    }
}
