using Blog.Web.Infrastructure;
using Blog.Web.Model;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Blog.Web.Pages;

/// <summary>
/// A post's history for its author and staff: every revision, what one changed from the one before
/// (`?changes={id}`), and a button to restore one (plain forms, no script needed).
/// </summary>
public sealed class RevisionsModel(PostsClient posts) : PageModel
{
    public string Slug { get; private set; } = "";
    public IReadOnlyList<Revision> Revisions { get; private set; } = [];
    public RevisionDiff? Changes { get; private set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string slug, string? changes, CancellationToken cancellationToken)
    {
        Slug = slug;
        var found = await posts.RevisionsAsync(slug, cancellationToken);
        if (found.Value is not { } list) return Refused(found);
        Revisions = list.Revisions;
        if (changes is not null)
        {
            var diff = await posts.RevisionDiffAsync(slug, changes, cancellationToken);
            if (diff.Value is null) return Refused(diff);
            Changes = diff.Value.Diff;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostRestoreAsync(string slug, string id, CancellationToken cancellationToken)
    {
        var restored = await posts.RestoreRevisionAsync(slug, id, cancellationToken);
        if (restored.Value?.Article is { } article) return Redirect($"/write/{article.Slug}/revisions");
        Slug = slug;
        Errors = restored.Messages("Posts is unavailable right now; nothing was restored. Try again in a moment.");
        Revisions = (await posts.RevisionsAsync(slug, cancellationToken)).Value?.Revisions ?? [];
        Response.StatusCode = restored.PageStatus;
        return Page();
    }

    IActionResult Refused<T>(ApiResult<T> result) =>
        result.NotFound ? NotFound() : result.Status == System.Net.HttpStatusCode.Forbidden ? Forbid() : StatusCode(result.PageStatus);
}
