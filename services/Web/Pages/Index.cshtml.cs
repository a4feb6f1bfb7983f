using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Blog.Web.Pages;

/// <summary>Home: latest posts (paged), popular posts, categories, star bloggers, recent comments, the announcement.</summary>
public sealed class IndexModel(PostsClient posts, CommentsClient comments, IdentityClient identity, IOptions<SiteOptions> site) : PageModel
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
        var latest = posts.ArticlesAsync(null, PageSize, (number - 1) * PageSize, cancellationToken);
        var popular = posts.PopularAsync(5, cancellationToken);
        var categories = posts.CategoriesAsync(cancellationToken);
        var recent = comments.RecentAsync(null, 5, cancellationToken);
        var stars = SiteBoxes.LoadStarBloggersAsync(identity, cancellationToken);
        await Task.WhenAll(latest, popular, categories, recent, stars);

        (Latest, Popular, Categories, RecentComments) = (latest.Result, popular.Result, categories.Result, recent.Result);
        Boxes = SiteBoxes.Of(site.Value.Announcement, stars.Result);
        Pager = new Pager(number, PageSize, Latest.Value?.ArticlesCount ?? 0, n => $"/?page={n}");
    }
}
