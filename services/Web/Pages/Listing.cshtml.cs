using Blog.ServiceDefaults.Authentication;
using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Blog.Web.Pages;

/// One page for every list of posts: an author's (`/blog/{username}`), a category's, a tag's and a
/// search's, each paged and each with its RSS link where the feed has one.
public sealed class ListingModel(BlogApi api, IOptions<SiteOptions> site) : PageModel
{
    public const int PageSize = 10;

    public string Heading { get; private set; } = "";
    public string? Feed { get; private set; }
    public Profile? Author { get; private set; }
    /// The author's active suspension, shown to staff only.
    public Suspension? Suspension { get; private set; }
    public ApiResult<ArticleList> Articles { get; private set; } = ApiResult.Down<ArticleList>();
    public Pager Pager { get; private set; } = null!;
    public SiteBoxes Boxes { get; private set; } = null!;
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    public async Task<IActionResult> OnGetAsync(string? username, string? category, string? tag, string? page, CancellationToken cancellationToken)
    {
        var number = Pager.Parse(page);
        string filter, path;
        if (username is not null)
        {
            (filter, path, Feed) = ($"author={Uri.EscapeDataString(username)}", $"/blog/{Uri.EscapeDataString(username)}", $"/feed.xml?author={Uri.EscapeDataString(username)}");
        }
        else if (category is not null)
        {
            (filter, path, Feed) = ($"category={Uri.EscapeDataString(category)}", $"/category/{Uri.EscapeDataString(category)}", $"/feed.xml?category={Uri.EscapeDataString(category)}");
        }
        else if (tag is not null)
        {
            (filter, path, Feed) = ($"tag={Uri.EscapeDataString(tag)}", $"/tag/{Uri.EscapeDataString(tag)}", $"/feed.xml?tag={Uri.EscapeDataString(tag)}");
        }
        else
        {
            var query = Q?.Trim() ?? "";
            (filter, path) = ($"q={Uri.EscapeDataString(query)}", $"/search?q={Uri.EscapeDataString(query)}");
            Heading = query.Length == 0 ? "Search" : $"Search: {query}";
        }

        var emptySearch = username is null && category is null && tag is null && string.IsNullOrWhiteSpace(Q);
        var articles = emptySearch
            ? Task.FromResult(new ApiResult<ArticleList>(new ArticleList([], 0), System.Net.HttpStatusCode.OK, null))
            : api.GetAsync<ArticleList>(BlogApi.Posts, $"/api/articles?{filter}&limit={PageSize}&offset={(number - 1) * PageSize}", cancellationToken);
        var profile = username is null ? Task.FromResult(ApiResult.Down<ProfileEnvelope>())
            : api.GetAsync<ProfileEnvelope>(BlogApi.Identity, $"/api/profiles/{Uri.EscapeDataString(username)}", cancellationToken);
        var categories = category is null ? Task.FromResult(ApiResult.Down<CategoryList>())
            : api.GetAsync<CategoryList>(BlogApi.Posts, "/api/categories", cancellationToken);
        var stars = SiteBoxes.LoadStarBloggersAsync(api, cancellationToken);
        var isStaff = User.IsInRole(BlogRoles.Moderator) || User.IsInRole(BlogRoles.Admin);
        var suspension = username is null || !isStaff ? Task.FromResult(ApiResult.Down<SuspensionEnvelope>())
            : api.GetAsync<SuspensionEnvelope>(BlogApi.Moderation, $"/api/moderation/users/{Uri.EscapeDataString(username)}/suspension", cancellationToken);
        await Task.WhenAll(articles, profile, categories, stars, suspension);
        Suspension = suspension.Result.Value?.Suspension;

        if (username is not null && profile.Result.NotFound) return NotFound();
        Author = profile.Result.Value?.Profile;
        if (username is not null) Heading = Author?.DisplayName ?? username;
        if (category is not null)
        {
            var known = categories.Result.Value?.Categories.FirstOrDefault(c => c.Slug == category);
            if (categories.Result.Ok && known is null) return NotFound();
            Heading = $"Category: {known?.Name ?? category}";
        }
        if (tag is not null) Heading = $"Tag: {tag}";
        Articles = articles.Result;
        Pager = new Pager(number, PageSize, Articles.Value?.ArticlesCount ?? 0, n => path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + $"page={n}");
        Boxes = SiteBoxes.Of(site.Value.Announcement, stars.Result);
        return Page();
    }
}
