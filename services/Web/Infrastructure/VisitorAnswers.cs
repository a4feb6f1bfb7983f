using Blog.ServiceDefaults.Caching;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace Blog.Web.Infrastructure;

/// <summary>
/// What the site asks a service as a visitor (who reacted to a post, the star bloggers, an author's recent
/// comments) is the same for every reader until that service's next announced write, so each replica keeps
/// it in memory under the service's public content version (the one the gateways watch, moved by every
/// write readers see: `ContentCache`). A page reads the versions of every service once, in one Redis round
/// trip, before its first visitor call; a service's write moves its version before the write is answered,
/// so a reader who has just reacted or commented reads their own write back on the next page. An answer is
/// kept under the version read before it was asked for, so a write committed meanwhile makes it stale at
/// once. Without Redis nothing is kept. Only services that keep a content cache (and so announce their
/// writes) are asked as visitors: Posts, Comments, Identity.
/// </summary>
public sealed class VisitorAnswers(IConnectionMultiplexer redis, IConfiguration configuration, ILogger<VisitorAnswers> logger) : IDisposable
{
    // The same bounds as the services' own content caches.
    readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = ContentCache.EntryLimit });
    readonly string[] services = [.. BlogApi.Services.Select(service => service.Name)];
    readonly RedisKey[] versionKeys = [.. BlogApi.Services.Select(service => (RedisKey)ContentCacheExtensions.PublicVersionKeyOf(configuration, service.Name))];

    sealed record Entry(object Value, long Version);

    /// <summary>Every service's public content version (absent: 0), or null when Redis cannot say (then nothing is kept).</summary>
    public async Task<IReadOnlyDictionary<string, long>?> ReadVersionsAsync()
    {
        try
        {
            var values = await redis.GetDatabase().StringGetAsync(versionKeys);
            return services.Zip(values, (service, value) => (service, version: value.TryParse(out long version) ? version : 0))
                .ToDictionary(pair => pair.service, pair => pair.version);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            if (entries.Count > 0)
            {
                entries.Clear();
                logger.LogWarning("Visitor answers dropped, Redis unavailable: {Reason}", ex.Message);
            }
            return null;
        }
    }

    /// <summary>The kept answer while the service's version is `version`, else `ask`'s answer, kept when it is a success.</summary>
    public async Task<ApiResult<T>> GetOrAskAsync<T>(string service, string path, long? version, Func<Task<ApiResult<T>>> ask)
    {
        var key = (service, path, typeof(T));
        if (version is { } current && entries.TryGetValue(key, out Entry? kept) && kept!.Version == current) return (ApiResult<T>)kept.Value;
        var answer = await ask();
        if (version is { } known && answer.Ok)
        {
            entries.Set(key, new Entry(answer, known), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = ContentCache.EntryLifetime });
        }
        return answer;
    }

    public void Dispose() => entries.Dispose();
}
