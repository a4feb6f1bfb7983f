using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.Apis;

/// <summary>The latest visible comments site-wide, or on the posts of one author (the author box).</summary>
public static class RecentCommentsApi
{
    public const int DefaultLimit = 10, MaxLimit = 50;

    public sealed record RecentComment(long Id, DateTimeOffset CreatedAt, string Body, string BodyHtml, CommentAuthor Author, RecentArticle Article);
    public sealed record RecentArticle(string Slug, string Title);
    public sealed record RecentResponse(IReadOnlyList<RecentComment> Comments);

    public static IEndpointRouteBuilder MapRecentCommentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/comments/recent", GetRecent).WithTags("Comments").WithSummary("The latest comments, site-wide or on one author's posts");
        return app;
    }

    static async Task<Results<Ok<RecentResponse>, UnprocessableEntity<ErrorsEnvelope>>> GetRecent(
        CommentsDbContext db, ContentCache cache, CancellationToken cancellationToken, string? author = null, string? limit = null)
    {
        var errors = new ValidationErrors();
        var (take, _) = Paging.Read(limit, null, DefaultLimit, MaxLimit, errors);
        if (errors.Any) return errors.ToResult();
        var onPostsOf = string.IsNullOrWhiteSpace(author) ? null : author;
        return TypedResults.Ok(await cache.GetOrLoadAsync(new RecentKey(onPostsOf, take), async () =>
        {
            var query = db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Visible)
                .Join(db.PublishedPosts, c => c.PostId, p => p.PostId, (c, p) => new { Comment = c, Post = p });
            if (onPostsOf is not null) query = query.Where(x => x.Post.AuthorUsername == onPostsOf);
            var latest = await query.OrderByDescending(x => x.Comment.CreatedAt).Take(take)
                .Select(x => new { x.Comment, x.Post, Commenter = db.Commenters.SingleOrDefault(u => u.UserId == x.Comment.AuthorId) })
                .ToListAsync(cancellationToken);
            return new RecentResponse(latest.Select(x => new RecentComment(x.Comment.Number, x.Comment.CreatedAt, x.Comment.Body,
                CommentText.ToHtml(x.Comment.Body), CommentAuthor.Of(x.Comment, x.Commenter), new RecentArticle(x.Post.Slug, x.Post.Title))).ToList());
        }));
    }

    sealed record RecentKey(string? Author, int Take);
}
