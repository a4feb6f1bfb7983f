using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Views;

namespace Blog.Posts.Infrastructure;

/// <summary>Who is reading, for counting views once per viewer.</summary>
static class ArticleViewers
{
    /// <summary>
    /// The signed-in user, else the anonymous viewer id the gateway or the site sends (`X-Viewer-Id`),
    /// else the client's address and browser.
    /// </summary>
    public static string Of(HttpContext http)
    {
        if (http.User.UserId() is { } user) return ViewCounter.SignedInViewer(user);
        var header = http.Request.Headers[ViewCounter.ViewerHeader].ToString();
        if (header.Length is > 0 and <= 64) return ViewCounter.AnonymousViewer(header);
        return ViewCounter.FingerprintViewer(http.Connection.RemoteIpAddress?.ToString(), http.Request.Headers.UserAgent);
    }
}
