using Blog.ServiceDefaults.Authentication;
using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// <summary>
/// Administration: categories, roles, featured ("star") bloggers and the moderation rules. Each
/// service checks the admin role again; this page only gathers the forms.
/// </summary>
public sealed class AdminModel(PostsClient posts, IdentityClient identity, ModerationClient moderation, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> text) : PageModel
{
    public ApiResult<CategoryList> Categories { get; private set; } = ApiResult.Down<CategoryList>();
    public ApiResult<RulesEnvelope> Rules { get; private set; } = ApiResult.Down<RulesEnvelope>();
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(BlogRoles.Admin)) return Forbid();
        var categories = posts.CategoriesAsync(cancellationToken);
        var rules = moderation.RulesAsync(cancellationToken);
        await Task.WhenAll(categories, rules);
        (Categories, Rules) = (categories.Result, rules.Result);
        return Page();
    }

    public Task<IActionResult> OnPostCategoryAsync(string? name, CancellationToken cancellationToken) =>
        SendAsync(() => posts.AddCategoryAsync(name, cancellationToken), text["Category {0} added.", name ?? ""], cancellationToken);

    public Task<IActionResult> OnPostDeleteCategoryAsync(string slug, CancellationToken cancellationToken) =>
        SendAsync(() => posts.DeleteCategoryAsync(slug, cancellationToken), "Category removed.", cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(string username, string role, bool revoke, CancellationToken cancellationToken) =>
        SendAsync(() => identity.SetRoleAsync(username, role, revoke, cancellationToken),
            revoke ? text["{0} is no longer {1}.", username, role] : text["{0} is now {1} (from their next sign-in).", username, role], cancellationToken);

    public Task<IActionResult> OnPostFeatureAsync(string username, bool unfeature, CancellationToken cancellationToken) =>
        SendAsync(() => identity.SetFeaturedAsync(username, unfeature, cancellationToken),
            unfeature ? text["{0} is no longer a star blogger.", username] : text["{0} is a star blogger.", username], cancellationToken);

    /// <summary>Blocked words one per line, as `word` (held) or `word: reject`.</summary>
    public Task<IActionResult> OnPostRulesAsync(int maxLinks, int floodPerMinute, int newAccountHours, int maxCopies, int reportThreshold, int reporterAccountHours,
        string? blockedWords, CancellationToken cancellationToken)
    {
        var words = (blockedWords ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new { word = parts[0], action = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "hold" })
            .ToList();
        return SendAsync(() => moderation.SaveRulesAsync(
            new { maxLinks, floodPerMinute, newAccountHours, maxCopies, reportThreshold, reporterAccountHours, blockedWords = words }, cancellationToken), "Rules saved.",
            cancellationToken);
    }

    async Task<IActionResult> SendAsync(Func<Task<ApiResult<System.Text.Json.JsonElement>>> call, string notice, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(BlogRoles.Admin)) return Forbid();
        var result = await call();
        if (result.Ok)
        {
            Notice = notice;
            return Redirect("/admin");
        }
        Errors = result.Messages("That service is unavailable right now; please try again in a moment.");
        var page = await OnGetAsync(cancellationToken);
        if (page is PageResult) Response.StatusCode = result.PageStatus;
        return page;
    }
}
