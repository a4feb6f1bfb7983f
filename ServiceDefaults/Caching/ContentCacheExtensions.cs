using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.Caching;

public static class ContentCacheExtensions
{
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
