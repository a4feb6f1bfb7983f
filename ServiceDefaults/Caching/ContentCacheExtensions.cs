using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Caching;

public static class ContentCacheExtensions
{
    /// <summary>
    /// A `ContentCache` invalidated by every committed write through `TContext`. The version lives at
    /// `ContentCache:VersionKey` (default: `VersionKeyOf` the service); needs `AddRedis`. Changes are
    /// announced under the service's name: its assembly's (`Blog.Posts`) without the prefix, lower-case
    /// (`posts`), which is also its resource name in the AppHost and its cluster in the gateway.
    /// </summary>
    public static IHostApplicationBuilder AddContentCache<TContext>(this IHostApplicationBuilder builder) where TContext : DbContext
    {
        var source = builder.Environment.ApplicationName.Replace("Blog.", "", StringComparison.Ordinal).ToLowerInvariant();
        var versionKey = builder.Configuration["ContentCache:VersionKey"] ?? VersionKeyOf(builder.Configuration, source);
        builder.Services.AddSingleton(services => new ContentCache(
            services.GetRequiredService<IConnectionMultiplexer>(), versionKey, ContentCache.ChangesChannelOf(builder.Configuration), source, services.GetRequiredService<ILogger<ContentCache>>()));
        builder.Services.AddSingleton<ContentChangeInterceptor>();
        builder.Services.ConfigureDbContext<TContext>((services, options) => options.AddInterceptors(services.GetRequiredService<ContentChangeInterceptor>()));
        return builder;
    }

    /// <summary>Where a service's content version lives: `{ContentCache:VersionKeyPrefix}{service}:content-version`.</summary>
    public static string VersionKeyOf(Microsoft.Extensions.Configuration.IConfiguration configuration, string service) =>
        $"{configuration["ContentCache:VersionKeyPrefix"]}{service}:content-version";

    public const string PublicVersionSuffix = ":public";

    /// <summary>
    /// Where a service's announced (public) version lives; the gateway reads these keys to notice a
    /// write whose announcement was lost.
    /// </summary>
    public static string PublicVersionKeyOf(Microsoft.Extensions.Configuration.IConfiguration configuration, string service) =>
        VersionKeyOf(configuration, service) + PublicVersionSuffix;
}
