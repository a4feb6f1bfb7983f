using System.Security.Claims;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Posts.Infrastructure;

/// <summary>How many revisions a post keeps (the oldest beyond it are dropped when a save adds one).</summary>
public sealed class RevisionOptions
{
    public int Keep { get; set; } = 50;
}

/// <summary>Adds a revision to a save that changed a post's words, in the save's own unit of work, and drops the oldest beyond the limit.</summary>
public sealed class RevisionHistory(PostsDbContext db, IOptions<RevisionOptions> options)
{
    /// <summary>
    /// Records the article's words as saved by `editor` unless they equal its latest revision (a restore is
    /// always recorded). Two saves of one post at the same moment take the same number: the second fails
    /// on the unique (article, number) index, and its whole save with it.
    /// </summary>
    public async Task RecordAsync(Article article, ClaimsPrincipal editor, DateTimeOffset at, CancellationToken cancellationToken, int? restoredFrom = null)
    {
        var latest = await db.ArticleRevisions.AsNoTracking().Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.Number)
            .FirstOrDefaultAsync(cancellationToken);
        if (latest is not null && restoredFrom is null && !latest.DiffersFrom(article)) return;

        var number = (latest?.Number ?? 0) + 1;
        var username = editor.FindFirstValue(BlogClaims.Username) ?? "";
        db.ArticleRevisions.Add(ArticleRevision.Of(article, number, editor.UserId()!.Value, username, at, restoredFrom));
        var dropped = await db.ArticleRevisions.Where(r => r.ArticleId == article.Id && r.Number <= number - Math.Max(1, options.Value.Keep))
            .Select(r => r.Id).ToListAsync(cancellationToken);
        db.ArticleRevisions.RemoveRange(dropped.Select(id => new ArticleRevision { Id = id }));
    }
}
