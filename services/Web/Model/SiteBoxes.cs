using Blog.Web.Infrastructure;

namespace Blog.Web.Model;

/// The boxes beside every page: the site's announcement and the star bloggers (null when Identity is unavailable).
public sealed record SiteBoxes(string Announcement, IReadOnlyList<Profile>? StarBloggers)
{
    /// The star bloggers, to await beside a page's other calls.
    public static Task<ApiResult<BloggerList>> LoadStarBloggersAsync(IdentityClient identity, CancellationToken cancellationToken) =>
        identity.StarBloggersAsync(10, cancellationToken);

    public static SiteBoxes Of(string announcement, ApiResult<BloggerList> stars) => new(announcement, stars.Value?.Bloggers);
}
