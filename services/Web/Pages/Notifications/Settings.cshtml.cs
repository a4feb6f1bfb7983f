using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages.Notifications;

/// <summary>
/// Notification mail: the address (confirmed by the link Notifications mails to it; the account's own e-mail
/// is offered) and, for each kind, off, at once or in the daily digest.
/// </summary>
public sealed class SettingsModel(NotificationsClient notifications, IdentityClient identity) : PageModel
{
    /// <summary>Each kind with what the reader reads about it, in the order shown.</summary>
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        ("comment-reply", "Replies to my comments"),
        ("post-comment", "Comments on my posts"),
        ("mention", "Comments that mention me"),
        ("followed-post", "New posts of bloggers I follow"),
        ("comment-held", "My comment held for moderation"),
        ("comment-approved", "My held comment approved"),
        ("comment-rejected", "My comment rejected"),
        ("account-suspended", "My account suspended"),
        ("account-reinstated", "My suspension lifted"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Deliveries = [("instant", "At once"), ("daily", "Daily digest"), ("off", "Off")];

    [BindProperty] public string? Address { get; set; }
    [BindProperty] public Dictionary<string, string> Preferences { get; set; } = [];
    public MailSettings? Current { get; private set; }
    public bool? Confirmed { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(bool? confirmed, CancellationToken cancellationToken)
    {
        Confirmed = confirmed;
        var settings = await notifications.MailSettingsAsync(cancellationToken);
        if (settings.Value?.Mail is not { } mail) return StatusCode(settings.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized);
        Current = mail;
        Preferences = new Dictionary<string, string>(mail.Preferences);
        Address = mail.Address ?? (await identity.CurrentUserAsync(cancellationToken)).Value?.User.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var before = (await notifications.MailSettingsAsync(cancellationToken)).Value?.Mail;
        var address = Address?.Trim() ?? "";
        // The address is sent when it changed, or to ask for a new confirmation of one not confirmed yet.
        var sendAddress = before is null || !string.Equals(before.Address ?? "", address, StringComparison.OrdinalIgnoreCase) || (!before.Verified && address.Length > 0);
        var result = await notifications.UpdateMailAsync(sendAddress ? address : null, Preferences, cancellationToken);
        if (result.Value?.Mail is { } saved)
        {
            Notice = sendAddress && address.Length > 0 && !saved.Verified
                ? "Saved. We sent a link to your address: open it to confirm, and mail will start."
                : "Your notification settings are saved.";
            return Redirect("/notifications/settings");
        }
        Errors = result.Messages("Notification settings are unavailable right now; please try again in a moment.");
        Current = before;
        Response.StatusCode = result.PageStatus;
        return Page();
    }
}
