using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Blog.Gateway.EdgeCache;

/// <summary>
/// The output-cache policy of the edge cache: what is kept, under which key, with which tags.
/// Kept: 200 and (briefly) 404 answers to anonymous GET/HEAD of the configured routes, unless the
/// service set a cookie or said `no-store`/`private`, or an eviction came while it was being made.
/// </summary>
sealed class EdgeCachePolicy(IOptionsMonitor<EdgeCacheOptions> options, EdgeEvictions evictions) : IOutputCachePolicy
{
    /// <summary>Every entry carries it, so all can be dropped at once (Redis lost: changes may have been missed).</summary>
    public const string AllTag = "edge";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var edge = EdgeRequest.Of(context.HttpContext);
        context.EnableOutputCaching = edge is not null;
        context.AllowCacheLookup = edge is not null;
        context.AllowCacheStorage = edge is not null;
        context.AllowLocking = true;
        if (edge is null) return ValueTask.CompletedTask;

        // Path and the route's own parameters only: no host (a forged Host header must not add entries)
        // and no other parameter (made-up ones must not either). The encoding and the language are normalised beforehand.
        context.CacheVaryByRules.VaryByHost = false;
        context.CacheVaryByRules.QueryKeys = new StringValues(edge.QueryKeys);
        if (!edge.IsFile)
        {
            context.CacheVaryByRules.VaryByValues["encoding"] = context.HttpContext.Request.Headers.AcceptEncoding.ToString();
            context.CacheVaryByRules.VaryByValues["language"] = context.HttpContext.Request.Headers.AcceptLanguage.ToString();
        }
        context.ResponseExpirationTimeSpan = options.CurrentValue.Lifetime;
        context.Tags.Add(AllTag);
        context.Tags.Add(edge.Cluster);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (EdgeRequest.Of(context.HttpContext) is { } edge) edge.Hit = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Runs once the answer is complete: whether to keep it is decided here, its headers were set by
    /// `PrepareHeaders` as the proxy copied them (by now they are captured, or already sent).
    /// </summary>
    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        context.AllowCacheStorage = EdgeRequest.Of(context.HttpContext) is { } edge
            && evictions.Listening
            && Keepable(context.HttpContext.Response, edge)
            && evictions.Generation == edge.Generation;
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// A 200 or 404 with no cookie of the service's own and nothing saying it must not be kept. (The
    /// gateway's own viewer cookie is added after the entry took its copy of the headers.)
    /// </summary>
    static bool Keepable(HttpResponse response, EdgeRequest edge)
    {
        var cacheControl = response.Headers.CacheControl.ToString();
        return response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status404NotFound
            && response.Headers.SetCookie.All(cookie => edge.IssuedViewerCookie is { } own && cookie?.StartsWith(own, StringComparison.Ordinal) == true)
            && !cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase)
            && !cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Called with the service's headers in place, before any byte is written (a proxy response
    /// transform): a keepable answer gets validators and caching headers, a 404 a short lifetime.
    /// </summary>
    public static void PrepareHeaders(HttpContext context, EdgeCacheOptions options)
    {
        if (EdgeRequest.Of(context) is not { } edge || !Keepable(context.Response, edge)) return;
        // A file at its content's address keeps the service's year-long `immutable`: it can never change.
        if (edge.IsFile && context.Response.StatusCode == StatusCodes.Status200OK) return;
        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status404NotFound && context.Features.Get<IOutputCacheFeature>()?.Context is { } cache)
        {
            cache.ResponseExpirationTimeSpan = options.NotFoundLifetime;
        }
        // Browsers and CDNs in front may keep it but must ask again each time (a 304 while unchanged):
        // every read reaches the gateway, which counts views and knows of every change.
        response.Headers.CacheControl = "public, no-cache";
        if (StringValues.IsNullOrEmpty(response.Headers.ETag)) response.Headers.ETag = $"W/\"{Guid.NewGuid():N}\"";
        if (StringValues.IsNullOrEmpty(response.Headers.LastModified)) response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
    }
}
