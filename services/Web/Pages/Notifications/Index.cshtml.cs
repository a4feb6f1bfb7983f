using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages.Notifications;

/// <summary>The signed-in reader's notifications, newest first, each leading to what it is about; marked read one by one or all at once.</summary>
public sealed class IndexModel(NotificationsClient notifications) : PageModel
{
    public const int PageSize = 30;

    public ApiResult<NotificationList> List { get; private set; } = ApiResult.Down<NotificationList>();
    public Pager Pager { get; private set; } = null!;
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(string? page, CancellationToken cancellationToken)
    {
        var number = Pager.Parse(page);
        List = await notifications.ListAsync(PageSize, (number - 1) * PageSize, cancellationToken);
        Pager = new Pager(number, PageSize, List.Value?.NotificationsCount ?? 0, n => $"/notifications?page={n}");
    }

    /// <summary>Marks one read (`id`) or all (no `id`), then shows the same page again.</summary>
    public async Task<IActionResult> OnPostReadAsync(Guid? id, string? page, CancellationToken cancellationToken)
    {
        var result = await notifications.MarkReadAsync(id is { } one ? [one] : null, cancellationToken);
        if (result.Ok) return LocalRedirect(Pager.Parse(page) is var number and > 1 ? $"/notifications?page={number}" : "/notifications");
        Errors = result.Messages("Notifications are unavailable right now; please try again in a moment.");
        await OnGetAsync(page, cancellationToken);
        Response.StatusCode = result.PageStatus;
        return Page();
    }

    /// <summary>What happened, in a sentence: the kind, who acted and on which post.</summary>
    public static (string Text, object[] Arguments) SentenceOf(SiteNotification notification)
    {
        var actor = notification.Actor?.Username ?? "";
        var title = notification.Post?.Title ?? "";
        return notification.Kind switch
        {
            "comment-reply" => ("{0} replied to your comment on “{1}”", [actor, title]),
            "post-comment" => ("{0} commented on “{1}”", [actor, title]),
            "mention" => ("{0} mentioned you in a comment on “{1}”", [actor, title]),
            "followed-post" => ("{0} published “{1}”", [actor, title]),
            "comment-held" => ("Your comment on “{0}” is held until a moderator looks at it", [title]),
            "comment-approved" => ("Your comment on “{0}” was approved", [title]),
            "comment-rejected" => ("Your comment on “{0}” was rejected", [title]),
            "account-suspended" => ("Your account is suspended", []),
            "account-reinstated" => ("Your suspension was lifted", []),
            _ => ("Something happened", []),
        };
    }
}
