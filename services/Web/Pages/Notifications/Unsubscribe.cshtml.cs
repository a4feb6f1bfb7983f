using Blog.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages.Notifications;

/// <summary>
/// Where a mail's "Stop all e-mail" link leads: a button, so a link scanner opening the address stops
/// nothing. The key in the link is all it takes; no sign-in.
/// </summary>
public sealed class UnsubscribeModel(NotificationsClient notifications) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "user")] public Guid Reader { get; set; }
    [BindProperty(SupportsGet = true, Name = "key")] public string Key { get; set; } = "";
    public bool Done { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await notifications.UnsubscribeAsync(Reader, Key, cancellationToken);
        if (result.Ok)
        {
            Done = true;
            return Page();
        }
        Errors = result.Messages("E-mail settings are unavailable right now; please try again in a moment.");
        Response.StatusCode = result.PageStatus;
        return Page();
    }
}
