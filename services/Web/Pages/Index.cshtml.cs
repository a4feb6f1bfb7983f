using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Blog.Web.Pages;

/// Home: latest posts (paged), popular posts, categories, star bloggers, recent comments, the announcement.
public sealed class IndexModel(BlogApi api, IOptions<SiteOptions> site) : PageModel
{
    public const int PageSize = 10;

    public ApiResult<ArticleList> Latest { get; private set; } = ApiResult.Down<ArticleList>();
    public ApiResult<ArticleList> Popular { get; private set; } = ApiResult.Down<ArticleList>();
    public ApiResult<CategoryList> Categories { get; private set; } = ApiResult.Down<CategoryList>();
    public ApiResult<RecentComments> RecentComments { get; private set; } = ApiResult.Down<RecentComments>();
    public SiteBoxes Boxes { get; private set; } = null!;
    public Pager Pager { get; private set; } = null!;

    public async Task OnGetAsync(string? page, CancellationToken cancellationToken)
    {
        var number = Pager.Parse(page);
        var latest = api.GetAsync<ArticleList>(BlogApi.Posts, $"/api/articles?limit={PageSize}&offset={(number - 1) * PageSize}", cancellationToken);
        var popular = api.GetAsync<ArticleList>(BlogApi.Posts, "/api/articles?sort=popular&limit=5", cancellationToken);
        var categories = api.GetAsync<CategoryList>(BlogApi.Posts, "/api/categories", cancellationToken);
        var recent = api.GetAsync<RecentComments>(BlogApi.Comments, "/api/comments/recent?limit=5", cancellationToken);
        var stars = SiteBoxes.LoadStarBloggersAsync(api, cancellationToken);
        await Task.WhenAll(latest, popular, categories, recent, stars);

        (Latest, Popular, Categories, RecentComments) = (latest.Result, popular.Result, categories.Result, recent.Result);
        Boxes = SiteBoxes.Of(site.Value.Announcement, stars.Result);
        Pager = new Pager(number, PageSize, Latest.Value?.ArticlesCount ?? 0, n => $"/?page={n}");
    }
}
