using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages.Account;

public sealed class LoginModel(IdentityClient identity) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await identity.LoginAsync(Email, Password, cancellationToken);
        if (result.Value is { } signedIn)
        {
            await HttpContext.SignInAsync(signedIn.User);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        Errors = AccountErrors.Of(result);
        Response.StatusCode = result.PageStatus;
        return Page();
    }
}

static class AccountErrors
{
    public static IReadOnlyList<string> Of<T>(ApiResult<T> result) =>
        result.Messages("Sign-in is unavailable right now; please try again in a moment.", "Too many attempts; please wait a few minutes and try again.");
}
