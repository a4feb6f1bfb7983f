using Blog.ServiceDefaults.Authentication;
using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// Administration: categories, roles, featured ("star") bloggers and the moderation rules. Each
/// service checks the admin role again; this page only gathers the forms.
public sealed class AdminModel(BlogApi api) : PageModel
{
    public ApiResult<CategoryList> Categories { get; private set; } = ApiResult.Down<CategoryList>();
    public ApiResult<RulesEnvelope> Rules { get; private set; } = ApiResult.Down<RulesEnvelope>();
    public IReadOnlyList<string> Errors { get; private set; } = [];
    [TempData] public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!User.IsInRole(BlogRoles.Admin)) return Forbid();
        var categories = api.GetAsync<CategoryList>(BlogApi.Posts, "/api/categories", cancellationToken);
        var rules = api.GetAsync<RulesEnvelope>(BlogApi.Moderation, "/api/moderation/rules", cancellationToken);
        await Task.WhenAll(categories, rules);
        (Categories, Rules) = (categories.Result, rules.Result);
        return Page();
    }

    public Task<IActionResult> OnPostCategoryAsync(string? name, CancellationToken cancellationToken) =>
        SendAsync(BlogApi.Posts, HttpMethod.Post, "/api/categories", new { category = new { name } }, $"Category {name} added.", cancellationToken);

    public Task<IActionResult> OnPostDeleteCategoryAsync(string slug, CancellationToken cancellationToken) =>
        SendAsync(BlogApi.Posts, HttpMethod.Delete, $"/api/categories/{Uri.EscapeDataString(slug)}", null, "Category removed.", cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(string username, string role, bool revoke, CancellationToken cancellationToken) =>
        SendAsync(BlogApi.Identity, revoke ? HttpMethod.Delete : HttpMethod.Put,
            $"/api/admin/users/{Uri.EscapeDataString(username)}/roles/{Uri.EscapeDataString(role)}", null,
            revoke ? $"{username} is no longer {role}." : $"{username} is now {role} (from their next sign-in).", cancellationToken);

    public Task<IActionResult> OnPostFeatureAsync(string username, bool unfeature, CancellationToken cancellationToken) =>
        SendAsync(BlogApi.Identity, unfeature ? HttpMethod.Delete : HttpMethod.Put, $"/api/admin/users/{Uri.EscapeDataString(username)}/featured", null,
            unfeature ? $"{username} is no longer a star blogger." : $"{username} is a star blogger.", cancellationToken);

    /// Blocked words one per line, as `word` (held) or `word: reject`.
    public Task<IActionResult> OnPostRulesAsync(int maxLinks, int floodPerMinute, int newAccountHours, int maxCopies, int reportThreshold, int reporterAccountHours,
        string? blockedWords, CancellationToken cancellationToken)
    {
        var words = (blockedWords ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(':', 2, StringSplitOptions.TrimEntries))
            .Select(parts => new { word = parts[0], action = parts.Length > 1 && parts[1].Length > 0 ? parts[1] : "hold" })
            .ToList();
        return SendAsync(BlogApi.Moderation, HttpMethod.Put, "/api/moderation/rules",
            new { rules = new { maxLinks, floodPerMinute, newAccountHours, maxCopies, reportThreshold, reporterAccountHours, blockedWords = words } }, "Rules saved.",
            cancellationToken);
    }

    async Task<IActionResult> SendAsync(string service, HttpMethod method, string path, object? body, string notice, CancellationToken cancellationToken)
    {
        if (!User.IsInRole(BlogRoles.Admin)) return Forbid();
        var result = await api.SendAsync<System.Text.Json.JsonElement>(service, method, path, body, cancellationToken);
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
