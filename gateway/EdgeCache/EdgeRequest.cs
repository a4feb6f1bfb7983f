using Yarp.ReverseProxy.Configuration;

namespace Blog.Gateway.EdgeCache;

/// <summary>What the gateway decided about one request, kept in `HttpContext.Items`.</summary>
sealed class EdgeRequest
{
    static readonly object Key = new();

    /// <summary>The route's cluster (`posts`, `web`...): the tag its cached answers carry.</summary>
    public required string Cluster { get; init; }
    public required string[] QueryKeys { get; init; }
    /// <summary>The evictions seen when the request began: an answer begun before a later eviction is not kept.</summary>
    public required long Generation { get; init; }
    /// <summary>An immutable file (<see cref="EdgeCacheOptions.FileRoutes"/>): the same bytes for every reader.</summary>
    public bool IsFile { get; init; }
    public bool Hit { get; set; }
    /// <summary>The viewer cookie the gateway itself gives with this answer (not the service's: the answer may still be kept).</summary>
    public string? IssuedViewerCookie { get; set; }

    public static EdgeRequest? Of(HttpContext context) => context.Items[Key] as EdgeRequest;

    /// <summary>Anonymous GET/HEAD of a cached route, or null.</summary>
    public static EdgeRequest? Decide(HttpContext context, RouteConfig? route, EdgeCacheOptions options, long generation)
    {
        var request = context.Request;
        if (!options.Enabled || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return null;
        if (request.Headers.ContainsKey("Authorization") || request.Cookies.ContainsKey(options.SessionCookie)) return null;
        if (route is null) return null;
        if (!options.Routes.TryGetValue(route.RouteId, out var queryKeys)) return null;
        if (options.NeverPaths.Any(path => request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase))) return null;
        var decided = new EdgeRequest
        {
            Cluster = route.ClusterId ?? route.RouteId,
            QueryKeys = queryKeys.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Generation = generation,
            IsFile = options.FileRoutes.Contains(route.RouteId, StringComparer.Ordinal),
        };
        context.Items[Key] = decided;
        return decided;
    }
}
