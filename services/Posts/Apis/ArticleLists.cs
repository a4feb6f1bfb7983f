using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>A public list's parameters, normalised: what a page of it depends on, and its cache key.</summary>
public sealed record ArticleListKey(string? Tag, string? Author, string? Category, string? Favorited, string? Search, bool Popular, int Take, int Skip)
{
    public static ArticleListKey Of(ArticleListQuery query, int take, int skip) =>
        new(Present(query.Tag)?.ToLowerInvariant(), Present(query.Author), Present(query.Category), Present(query.Favorited), Present(query.Search),
            query.Sort == "popular", take, skip);

    static string? Present(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// One page of a list and the number of articles in the whole list. Its articles carry no bodies; a search's
/// page carries each article's snippet (HTML, the matches marked).
/// </summary>
public sealed record ArticlePage(IReadOnlyList<Article> Articles, int Count, IReadOnlyDictionary<Guid, string>? Snippets = null);

public static class ArticleLists
{
    /// <summary>Published articles matching `key`, newest first (or most popular first), one page of them.</summary>
    public static async Task<ArticlePage> PublishedAsync(PostsDbContext db, ArticleListKey key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var query = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published);
        if (key.Tag is { } tag) query = query.Where(a => a.Tags.Contains(tag));
        if (key.Author is { } author) query = query.Where(a => a.Author!.Username == author);
        if (key.Category is { } category) query = query.Where(a => a.Category!.Slug == category);
        if (key.Favorited is { } favorited)
        {
            query = query.Where(a => db.Reactions.Any(r => r.ArticleId == a.Id && r.Kind == ReactionKinds.Like
                && db.Authors.Any(u => u.Id == r.UserId && u.Username == favorited)));
        }
        var search = key.Search is { } words ? ArticleSearch.Query(words) : null;
        if (search is not null) query = query.Where(a => a.SearchVector!.Matches(EF.Functions.WebSearchToTsQuery("english", search)));

        var ordered = key.Popular
            ? query.OrderByDescending(a => (a.ViewsCount + PopularityScore.ReactionWeight * (a.LikesCount + a.HandshakesCount) + PopularityScore.CommentWeight * a.CommentsCount)
                / Math.Pow((now - a.PublishedAt!.Value).TotalHours + PopularityScore.AgeOffsetHours, PopularityScore.Gravity)).ThenByDescending(a => a.PublishedAt)
            : search is not null
                ? query.OrderByDescending(a => a.SearchVector!.Rank(EF.Functions.WebSearchToTsQuery("english", search))).ThenByDescending(a => a.PublishedAt)
                // Served by the (status, published_at, id) index read backwards.
                : query.OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id);
        var page = await PageAsync(query, ordered, key.Take, key.Skip, cancellationToken);
        if (key.Search is null || page.Articles.Count == 0) return page;

        var ids = page.Articles.Select(a => a.Id).ToList();
        var bodies = await db.Articles.Where(a => ids.Contains(a.Id)).Select(a => new { a.Id, a.BodyHtml }).ToListAsync(cancellationToken);
        return page with { Snippets = bodies.ToDictionary(b => b.Id, b => ArticleSearch.Snippet(b.BodyHtml, key.Search)) };
    }

    /// <summary>An author's own drafts (latest first) or scheduled posts (soonest first).</summary>
    public static async Task<ArticlePage> OfAuthorAsync(PostsDbContext db, Guid author, ArticleStatus status, int take, int skip, CancellationToken cancellationToken)
    {
        var mine = db.Articles.AsNoTracking().Where(a => a.Status == status && a.AuthorId == author);
        var ordered = status == ArticleStatus.Scheduled
            ? mine.OrderBy(a => a.PublishAt).ThenBy(a => a.Id)
            : mine.OrderByDescending(a => a.PublishedAt ?? a.CreatedAt).ThenByDescending(a => a.Id);
        return await PageAsync(mine, ordered, take, skip, cancellationToken);
    }

    public static async Task<ArticlePage> PageAsync(IQueryable<Article> all, IQueryable<Article> ordered, int take, int skip, CancellationToken cancellationToken)
    {
        var count = await all.CountAsync(cancellationToken);
        var articles = count <= skip ? [] : await ordered.Skip(skip).Take(take).WithoutBodies().ToListAsync(cancellationToken);
        return new ArticlePage(articles, count);
    }

    /// <summary>Lists show no body: leave the body, its HTML and the search vector in the database.</summary>
    static IQueryable<Article> WithoutBodies(this IQueryable<Article> articles) => articles.Select(a => new Article
    {
        Id = a.Id,
        Slug = a.Slug,
        Title = a.Title,
        Description = a.Description,
        AuthorId = a.AuthorId,
        Author = a.Author,
        CategoryId = a.CategoryId,
        Category = a.Category,
        Tags = a.Tags,
        Status = a.Status,
        CreatedAt = a.CreatedAt,
        UpdatedAt = a.UpdatedAt,
        PublishedAt = a.PublishedAt,
        PublishAt = a.PublishAt,
        ViewsCount = a.ViewsCount,
        CommentsCount = a.CommentsCount,
        LikesCount = a.LikesCount,
        HandshakesCount = a.HandshakesCount,
        TakenDownAt = a.TakenDownAt,
        TakenDownBy = a.TakenDownBy,
        TakedownReason = a.TakedownReason,
        PublishedWhenTakenDown = a.PublishedWhenTakenDown,
    });
}
