using Blog.Media.Infrastructure;
using Blog.Media.IntegrationEvents;
using Blog.Messaging;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Blog.Topology;

namespace Blog.Media;

static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<MediaDbContext>(PlatformServices.Media.Database);
        builder.AddRedis();
        // Announces removed files to the gateway, whose edge cache drops them (uploads change no cached answer).
        builder.AddContentCache();
        builder.AddBlogAuthentication();
        builder.Services.AddOptions<MediaOptions>().BindConfiguration("Media")
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxPixels > 0 && o.MaxSide > 0, "Media limits must be positive")
            .ValidateOnStart();
        builder.Services.AddSingleton<ImageProcessor>();
        builder.Services.AddScoped<IBlobStore, PostgresBlobStore>();
        builder.Services.AddScoped<MediaLibrary>();
        builder.Services.AddHostedService<OrphanSweeper>();
        builder.AddMessaging<MediaDbContext>(PlatformServices.Media.Name, bus =>
        {
            bus.AddConsumer<PostDeletedConsumer>();
            bus.AddConsumer<UserProfileUpdatedConsumer>();
            bus.AddConsumer<UserDeletedConsumer>();
        });
    }
}
