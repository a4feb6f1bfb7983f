using Blog.ServiceDefaults.Authentication;
using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// <summary>
/// The moderators' queue: each open case with its comment, why it is there and the author's
/// history; approve, reject with a reason, or suspend the author. Moderation checks the role again.
/// </summary>
public sealed class ModerationModel(ModerationClient moderation, PostsClient posts) : PageModel
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
        var queue = moderation.QueueAsync(PageSize, (number - 1) * PageSize, cancellationToken);
        var suspensions = moderation.SuspensionsAsync(cancellationToken);
        var takenDown = posts.TakenDownAsync(cancellationToken);
        (Queue, Suspensions, TakenDown) = (await queue, await suspensions, await takenDown);
        Pager = new Pager(number, PageSize, Queue.Value?.CasesCount ?? 0, n => $"/moderation?page={n}");
        return Page();
    }

    public Task<IActionResult> OnPostApproveAsync(Guid caseId, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(() => moderation.ApproveAsync(caseId, reason, cancellationToken), "Approved: the comment is visible again.", cancellationToken);

    public Task<IActionResult> OnPostRejectAsync(Guid caseId, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(() => moderation.RejectAsync(caseId, reason, cancellationToken), "Rejected: the comment stays hidden.", cancellationToken);

    public Task<IActionResult> OnPostSuspendAsync(string username, string? duration, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(() => moderation.SuspendAsync(username, duration, reason, cancellationToken), $"{username} is suspended.", cancellationToken);

    /// <summary>Lifts a suspension (Moderation lets admins lift any, moderators their own).</summary>
    public Task<IActionResult> OnPostLiftAsync(string username, CancellationToken cancellationToken) =>
        DecideAsync(() => moderation.LiftSuspensionAsync(username, cancellationToken), $"{username} may sign in again.", cancellationToken);

    /// <summary>Takes a post down (from its page) or restores it; Posts holds the state.</summary>
    public Task<IActionResult> OnPostTakeDownAsync(string slug, string? reason, CancellationToken cancellationToken) =>
        DecideAsync(() => posts.TakeDownAsync(slug, reason, cancellationToken), "The post is taken down; its author sees the reason.", cancellationToken);

    public Task<IActionResult> OnPostRestoreAsync(string slug, CancellationToken cancellationToken) =>
        DecideAsync(() => posts.RestoreAsync(slug, cancellationToken), "The post is restored.", cancellationToken);

    bool IsModerator => User.IsInRole(BlogRoles.Moderator) || User.IsInRole(BlogRoles.Admin);

    async Task<IActionResult> DecideAsync(Func<Task<ApiResult<System.Text.Json.JsonElement>>> decision, string notice, CancellationToken cancellationToken)
    {
        if (!IsModerator) return Forbid();
        var result = await decision();
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
