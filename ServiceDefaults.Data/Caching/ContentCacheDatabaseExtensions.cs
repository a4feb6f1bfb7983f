using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Caching;

public static class ContentCacheDatabaseExtensions
{
    /// <summary>
    /// A `ContentCache` invalidated by every committed write through `TContext`. The version lives at
    /// `ContentCache:VersionKey` (default: `VersionKeyOf` the service); needs `AddRedis`. Unless `announced`
    /// is false (content no public page shows), changes are announced under the service's name: its assembly's (`Blog.Posts`) without the prefix, lower-case
    /// (`posts`), which is also its resource name in the AppHost and its cluster in the gateway.
    /// </summary>
    public static IHostApplicationBuilder AddContentCache<TContext>(this IHostApplicationBuilder builder, bool announced = true) where TContext : DbContext
    {
        builder.AddContentCache(announced);
        builder.Services.AddSingleton<ContentChangeInterceptor>();
        builder.Services.ConfigureDbContext<TContext>((services, options) => options.AddInterceptors(services.GetRequiredService<ContentChangeInterceptor>()));
        return builder;
    }

    /// <summary>
    /// The service's `ContentCache` alone, invalidated (and announced) only where the service calls
    /// `InvalidateAsync`: for content that changes on a few writes only (a file removed).
    /// </summary>
    public static IHostApplicationBuilder AddContentCache(this IHostApplicationBuilder builder, bool announced = true)
    {
        var source = builder.Environment.ApplicationName.Replace("Blog.", "", StringComparison.Ordinal).ToLowerInvariant();
        var versionKey = builder.Configuration["ContentCache:VersionKey"] ?? ContentCacheExtensions.VersionKeyOf(builder.Configuration, source);
        builder.Services.AddSingleton(services => new ContentCache(
            services.GetRequiredService<IConnectionMultiplexer>(), versionKey, ContentCache.ChangesChannelOf(builder.Configuration), source, services.GetRequiredService<ILogger<ContentCache>>(), announced));
        return builder;
    }
}
