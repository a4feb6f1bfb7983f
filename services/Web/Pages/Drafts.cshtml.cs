using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// <summary>The signed-in writer's unpublished posts: scheduled ones (soonest first), then drafts (newest first).</summary>
public sealed class DraftsModel(PostsClient posts) : PageModel
{
    public ApiResult<ArticleList> Drafts { get; private set; } = ApiResult.Down<ArticleList>();
    public ApiResult<ArticleList> Scheduled { get; private set; } = ApiResult.Down<ArticleList>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var scheduled = posts.ScheduledAsync(100, cancellationToken);
        Drafts = await posts.DraftsAsync(100, cancellationToken);
        Scheduled = await scheduled;
    }
}
