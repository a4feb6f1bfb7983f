using Blog.Web.Infrastructure;

namespace Blog.Web.Model;

/// <summary>The boxes beside every page: the site's announcement and the star bloggers (null when Identity is unavailable).</summary>
public sealed record SiteBoxes(string Announcement, IReadOnlyList<Profile>? StarBloggers)
{
    /// <summary>The star bloggers, to await beside a page's other calls.</summary>
    public static Task<ApiResult<BloggerList>> LoadStarBloggersAsync(IdentityClient identity, CancellationToken cancellationToken) =>
        identity.StarBloggersAsync(10, cancellationToken);

    public static SiteBoxes Of(string announcement, ApiResult<BloggerList> stars) => new(announcement, stars.Value?.Bloggers);
}
