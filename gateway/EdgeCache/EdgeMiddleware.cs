using Blog.ServiceDefaults;
using Blog.ServiceDefaults.Views;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace Blog.Gateway.EdgeCache;

/// <summary>
/// In front of the edge cache: decides whether a request may be answered from it, who the viewer is,
/// and, as the answer starts, adds `X-Cache` and `Age`, removes the services' internal view marker and
/// counts a view of an article the cache answered (Posts counted it already on a miss).
///
/// The viewer is the browser's `blog.viewer` cookie; a browser asking for a page without one gets one
/// from the gateway (also put into the request, so the site and Posts see the same viewer on a miss),
/// so a cached page carries no cookie of its own. A client without the cookie reading the API is
/// known by its address and browser. Either goes to the services as `X-Viewer-Id`.
/// </summary>
sealed class EdgeMiddleware(RequestDelegate next, IOptionsMonitor<EdgeCacheOptions> options, EdgeEvictions evictions, EdgeViews views)
{
    public const string ViewerCookie = "blog.viewer";
    static readonly object ViewerKey = new();

    public static string? ViewerOf(HttpContext context) => context.Items[ViewerKey] as string;

    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config;
        var edge = EdgeRequest.Decide(context, route, options.CurrentValue, evictions.Generation);
        var (viewer, issued) = IdentifyViewer(context, route);
        context.Items[ViewerKey] = viewer;
        if (edge is { IsFile: false })
        {
            NormalizeAcceptEncoding(context.Request);
            NormalizeAcceptLanguage(context.Request);
            if (issued) edge.IssuedViewerCookie = $"{ViewerCookie}={viewer};";
        }

        context.Response.OnStarting(() =>
        {
            var response = context.Response;
            var article = response.Headers[ViewCounter.ArticleHeader].ToString();
            response.Headers.Remove(ViewCounter.ArticleHeader);
            response.Headers["X-Cache"] = edge?.Hit == true ? "hit" : "miss";
            if (!response.Headers.ContainsKey("Age")) response.Headers.Age = "0";
            if (edge is not null)
            {
                if (edge.Hit && response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
                    && Guid.TryParseExact(article, "N", out var articleId))
                {
                    views.Record(new ViewedRead(articleId, ViewCounter.AnonymousViewer(viewer), context.Request.Headers.UserAgent));
                }
            }
            if (issued)
            {
                response.Cookies.Append(ViewerCookie, viewer, new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365), IsEssential = true,
                });
            }
            return Task.CompletedTask;
        });
        return next(context);
    }

    static (string Viewer, bool Issued) IdentifyViewer(HttpContext context, RouteConfig? route)
    {
        var cookie = context.Request.Cookies[ViewerCookie];
        if (cookie is { Length: 32 } && cookie.All(char.IsAsciiHexDigitLower)) return (cookie, false);
        if (route?.ClusterId != Downstreams.Site || !HttpMethods.IsGet(context.Request.Method))
        {
            return (ViewCounter.Fingerprint(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent), false);
        }
        var issued = Guid.NewGuid().ToString("N");
        var cookies = context.Request.Headers.Cookie.ToString();
        context.Request.Headers.Cookie = cookies.Length == 0 ? $"{ViewerCookie}={issued}" : $"{cookies}; {ViewerCookie}={issued}";
        return (issued, true);
    }

    /// <summary>
    /// One cache entry per language the site speaks, whatever the client's exact header said: the header
    /// becomes the language the site will answer in (the reader's chosen one, else the best it accepts).
    /// </summary>
    static void NormalizeAcceptLanguage(HttpRequest request) =>
        request.Headers.AcceptLanguage = SiteLanguages.Resolve(request.Cookies[SiteLanguages.CookieName], request.Headers.AcceptLanguage);

    /// <summary>One cache entry per encoding the gateway produces, whatever the client's exact header said.</summary>
    static void NormalizeAcceptEncoding(HttpRequest request)
    {
        var accepted = request.Headers.AcceptEncoding.ToString();
        if (accepted.Contains("br", StringComparison.OrdinalIgnoreCase)) request.Headers.AcceptEncoding = "br";
        else if (accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase)) request.Headers.AcceptEncoding = "gzip";
        else request.Headers.Remove("Accept-Encoding");
    }
}
