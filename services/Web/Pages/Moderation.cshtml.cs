using Blog.ServiceDefaults.Authentication;
using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// The moderators' queue: each open case with its comment, why it is there and the author's
/// history; approve, reject with a reason, or suspend the author. Moderation checks the role again.
public sealed class ModerationModel(BlogApi api) : PageModel
{
    public const int PageSize = 20;

    public ApiResult<ModerationQueue> Queue { get; private set; } = ApiResult.Down<ModerationQueue>();
    public ApiResult<SuspensionList> Suspensions { get; private set; } = ApiResult.Down<SuspensionList>();
    public ApiResult<TakenDownPosts> TakenDown { get; private set; } = ApiResult.Down<TakenDownPosts>();
    public Pager Pager { get; private set; } = null!;
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(string? page, CancellationToken cancellationToken)
    {
        if (!IsModerator) return Forbid();
        var number = Pager.Parse(page);
        var queue = api.GetAsync<ModerationQueue>(BlogApi.Moderation, $"/api/moderation/queue?limit={PageSize}&offset={(number - 1) * PageSize}", cancellationToken);
        var suspensions = api.GetAsync<SuspensionList>(BlogApi.Moderation, "/api/moderation/suspensions", cancellationToken);
        var takenDown = api.GetAsync<TakenDownPosts>(BlogApi.Posts, "/api/moderation/posts", cancellationToken);
        (Queue, Suspensions, TakenDown) = (await queue, await suspensions, await takenDown);
        Pager = new Pager(number, PageSize, Queue.Value?.CasesCount ?? 0, n => $"/moderation?page={n}");
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid caseId, string? reason, CancellationToken cancellationToken) =>
        DecideAsync($"/api/moderation/cases/{caseId}/approve", new { decision = new { reason } }, "Approved: the comment is visible again.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid caseId, string? reason, CancellationToken cancellationToken) =>
        DecideAsync($"/api/moderation/cases/{caseId}/reject", new { decision = new { reason } }, "Rejected: the comment stays hidden.", cancellationToken);

    public Task<IActionResult> OnPostSuspendAsync(string username, string? duration, string? reason, CancellationToken cancellationToken) =>
        DecideAsync($"/api/moderation/users/{Uri.EscapeDataString(username)}/suspend", new { suspension = new { duration, reason } },
            $"{username} is suspended.", cancellationToken);

    /// Lifts a suspension (Moderation lets admins lift any, moderators their own).
    public Task<IActionResult> OnPostLiftAsync(string username, CancellationToken cancellationToken) =>
        DecideAsync($"/api/moderation/users/{Uri.EscapeDataString(username)}/suspension", null, $"{username} may sign in again.", cancellationToken,
            HttpMethod.Delete);

    /// Takes a post down (from its page) or restores it; Posts holds the state.
    public Task<IActionResult> OnPostTakeDownAsync(string slug, string? reason, CancellationToken cancellationToken) =>
        DecideAsync($"/api/moderation/posts/{Uri.EscapeDataString(slug)}/unpublish", new { takedown = new { reason } },
            "The post is taken down; its author sees the reason.", cancellationToken, service: BlogApi.Posts);

    public Task<IActionResult> OnPostRestoreAsync(string slug, CancellationToken cancellationToken) =>
        DecideAsync($"/api/moderation/posts/{Uri.EscapeDataString(slug)}/restore", null, "The post is restored.", cancellationToken, service: BlogApi.Posts);

    bool IsModerator => User.IsInRole(BlogRoles.Moderator) || User.IsInRole(BlogRoles.Admin);

    async Task<IActionResult> DecideAsync(string path, object? body, string notice, CancellationToken cancellationToken, HttpMethod? method = null,
        string service = BlogApi.Moderation)
    {
        if (!IsModerator) return Forbid();
        var result = await api.SendAsync<System.Text.Json.JsonElement>(service, method ?? HttpMethod.Post, path, body, cancellationToken);
        if (result.Ok)
        {
            Notice = notice;
            return Redirect("/moderation");
        }
        Errors = result.Messages("Moderation is unavailable right now; please try again in a moment.");
        var page = await OnGetAsync(null, cancellationToken);
        if (page is PageResult) Response.StatusCode = result.PageStatus;
        return page;
    }
}
