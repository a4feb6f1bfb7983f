using Blog.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages.Account;

/// <summary>The reader's own settings: display name, bio, picture, password, sessions, and deleting the account.</summary>
public sealed class SettingsModel(IdentityClient identity, MediaClient media) : PageModel
{
    [BindProperty] public string DisplayName { get; set; } = "";
    [BindProperty] public string Bio { get; set; } = "";
    [BindProperty] public string? Image { get; set; }
    /// <summary>A picture to upload: it becomes the account's picture (cropped square), replacing the address.</summary>
    [BindProperty] public IFormFile? Picture { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? CurrentPassword { get; set; }
    /// <summary>The password that confirms deleting the account (always asked, however recent the sign-in).</summary>
    [BindProperty] public string? DeletePassword { get; set; }
    public bool AccountDeleted { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var me = await identity.CurrentUserAsync(cancellationToken);
        if (me.Value?.User is not { } user) return StatusCode(me.Unavailable ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status401Unauthorized);
        (DisplayName, Bio, Image) = (user.DisplayName, user.Bio ?? "", user.Image);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Picture is { Length: > 0 } picture)
        {
            var uploaded = await media.UploadAsync(picture, "avatar", articleId: null, cancellationToken);
            if (uploaded.Value?.Media is not { } image)
            {
                Errors = uploaded.Messages("Pictures cannot be uploaded right now; please try again in a moment.");
                Response.StatusCode = uploaded.PageStatus;
                return Page();
            }
            // The 192-pixel square: sharp wherever a picture is shown (at most 96 pixels, on dense screens too).
            Image = image.ColumnUrl;
        }
        // A password is sent only when one is typed: a named field is a change (a null password would be refused).
        var user = new Dictionary<string, string?> { ["displayName"] = DisplayName, ["bio"] = Bio, ["image"] = string.IsNullOrWhiteSpace(Image) ? null : Image };
        if (!string.IsNullOrEmpty(Password)) user["password"] = Password;
        if (!string.IsNullOrEmpty(CurrentPassword)) user["currentPassword"] = CurrentPassword;
        var result = await identity.UpdateUserAsync(user, cancellationToken);
        if (result.Value is { } updated)
        {
            await HttpContext.SignInAsync(updated.User);
            Notice = "Your settings are saved.";
            return Redirect("/settings");
        }
        Errors = AccountErrors.Of(result);
        Response.StatusCode = result.PageStatus;
        return Page();
    }

    /// <summary>Ends every session of the account (Identity renews its security stamp), then this browser's.</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        var result = await identity.LogoutEverywhereAsync(cancellationToken);
        if (!result.Ok && !result.Unauthorized)
        {
            Errors = result.Messages("Signing out everywhere is unavailable right now; please try again in a moment.");
            Response.StatusCode = result.PageStatus;
            return Page();
        }
        await HttpContext.SignOutAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/");
    }

    /// <summary>Deletes the account (Identity, then every service, drops what it wrote), then signs this browser out.</summary>
    public async Task<IActionResult> OnPostDeleteAccountAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(DeletePassword))
        {
            Errors = ["Type your password to delete your account."];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return await OnGetAsync(cancellationToken);
        }
        var result = await identity.DeleteAccountAsync(DeletePassword, cancellationToken);
        if (!result.Ok)
        {
            Errors = AccountErrors.Of(result);
            var status = result.PageStatus;
            var page = await OnGetAsync(cancellationToken);
            Response.StatusCode = status;
            return page;
        }
        await HttpContext.SignOutAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        // The rest of this answer is drawn for a visitor.
        HttpContext.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
        AccountDeleted = true;
        return Page();
    }
}
