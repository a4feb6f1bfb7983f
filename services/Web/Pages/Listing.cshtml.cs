using Blog.ServiceDefaults.Authentication;
using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Blog.Web.Pages;

/// <summary>
/// One page for every list of posts: an author's (`/blog/{username}`), a category's, a tag's and a
/// search's, each paged and each with its RSS link where the feed has one.
/// </summary>
public sealed class ListingModel(PostsClient posts, IdentityClient identity, ModerationClient moderation, FederationClient federation, IOptions<SiteOptions> site, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public const int PageSize = 10;

    public string Heading { get; private set; } = "";
    public string? Feed { get; private set; }
    public Profile? Author { get; private set; }
    /// <summary>An author's followers on other servers (the newest `FediverseFollowersShown`), when Federation answered.</summary>
    public FediverseFollowers? FediverseFollowers { get; private set; }
    public const int FediverseFollowersShown = 20;
    public SiteOptions Site => site.Value;
    /// <summary>The author's active suspension, shown to staff only.</summary>
    public Suspension? Suspension { get; private set; }
    public ApiResult<ArticleList> Articles { get; private set; } = ApiResult.Down<ArticleList>();
    public Pager Pager { get; private set; } = null!;
    public SiteBoxes Boxes { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(string? username, string? category, string? tag, string? page, CancellationToken cancellationToken)
    {
        var number = Pager.Parse(page);
        ArticleFilter filter;
        string path;
        if (username is not null)
        {
            (filter, path) = (new ArticleFilter("author", username), $"/blog/{Uri.EscapeDataString(username)}");
            Feed = $"/feed.xml?{filter}";
        }
        else if (category is not null)
        {
            (filter, path) = (new ArticleFilter("category", category), $"/category/{Uri.EscapeDataString(category)}");
            Feed = $"/feed.xml?{filter}";
        }
        else if (tag is not null)
        {
            (filter, path) = (new ArticleFilter("tag", tag), $"/tag/{Uri.EscapeDataString(tag)}");
            Feed = $"/feed.xml?{filter}";
        }
        else
        {
            var query = Q?.Trim() ?? "";
            filter = new ArticleFilter("q", query);
            path = $"/search?{filter}";
            Heading = query.Length == 0 ? text["Search"] : text["Search: {0}", query];
        }

        var emptySearch = username is null && category is null && tag is null && string.IsNullOrWhiteSpace(Q);
        var articles = emptySearch
            ? Task.FromResult(new ApiResult<ArticleList>(new ArticleList([], 0), System.Net.HttpStatusCode.OK, null))
            : posts.ArticlesAsync(filter, PageSize, (number - 1) * PageSize, cancellationToken);
        var profile = username is null ? Task.FromResult(ApiResult.Down<ProfileEnvelope>())
            : identity.ProfileAsync(username, cancellationToken);
        var categories = category is null ? Task.FromResult(ApiResult.Down<CategoryList>())
            : posts.CategoriesAsync(cancellationToken);
        var stars = SiteBoxes.LoadStarBloggersAsync(identity, cancellationToken);
        var isStaff = User.IsInRole(BlogRoles.Moderator) || User.IsInRole(BlogRoles.Admin);
        var suspension = username is null || !isStaff ? Task.FromResult(ApiResult.Down<SuspensionEnvelope>())
            : moderation.SuspensionAsync(username, cancellationToken);
        var fediverse = username is null ? Task.FromResult(ApiResult.Down<FediverseFollowers>())
            : federation.FollowersAsync(username, FediverseFollowersShown, cancellationToken);
        await Task.WhenAll(articles, profile, categories, stars, suspension, fediverse);
        Suspension = suspension.Result.Value?.Suspension;
        FediverseFollowers = fediverse.Result.Value;

        if (username is not null && profile.Result.NotFound) return NotFound();
        Author = profile.Result.Value?.Profile;
        if (username is not null) Heading = Author?.DisplayName ?? username;
        if (category is not null)
        {
            var known = categories.Result.Value?.Categories.FirstOrDefault(c => c.Slug == category);
            if (categories.Result.Ok && known is null) return NotFound();
            Heading = text["Category: {0}", known?.Name ?? category];
        }
        if (tag is not null) Heading = text["Tag: {0}", tag];
        Articles = articles.Result;
        Pager = new Pager(number, PageSize, Articles.Value?.ArticlesCount ?? 0, n => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"page={n}");
        Boxes = SiteBoxes.Of(site.Value.Announcement, stars.Result);
        return Page();
    }
}
