using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages.Account;

public sealed class RegisterModel(IdentityClient identity) : PageModel
{
    [BindProperty] public string Username { get; set; } = "";
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var result = await identity.RegisterAsync(Username, Email, Password, cancellationToken);
        if (result.Value is { } registered)
        {
            await HttpContext.SignInAsync(registered.User);
            return LocalRedirect("/");
        }
        Errors = AccountErrors.Of(result);
        Response.StatusCode = result.PageStatus;
        return Page();
    }
}
