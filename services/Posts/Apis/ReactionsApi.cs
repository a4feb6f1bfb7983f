using System.Data;
using Blog.Posts.Infrastructure;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>"Like" and "Shake hands", and RealWorld's favorite (which is a like).</summary>
public static class ReactionsApi
{
    public static IEndpointRouteBuilder MapReactionsApi(this IEndpointRouteBuilder app)
    {
        var article = app.MapGroup("/api/articles/{slug}").WithTags("Reactions");
        article.MapPost("/favorite", (string slug, HttpContext http, PostsDbContext db, ArticleResponses responses, TimeProvider clock, CancellationToken ct) =>
            React(slug, ReactionKinds.Like, add: true, http, db, responses, clock, ct)).RequireAuthorization().WithSummary("Favorite (like) a post");
        article.MapDelete("/favorite", (string slug, HttpContext http, PostsDbContext db, ArticleResponses responses, TimeProvider clock, CancellationToken ct) =>
            React(slug, ReactionKinds.Like, add: false, http, db, responses, clock, ct)).RequireAuthorization().WithSummary("Unfavorite a post");
        article.MapPut("/reactions/{kind}", (string slug, string kind, HttpContext http, PostsDbContext db, ArticleResponses responses, TimeProvider clock, CancellationToken ct) =>
            React(slug, kind, add: true, http, db, responses, clock, ct)).RequireAuthorization().WithSummary("React to a post (`like`, `handshake`)");
        article.MapDelete("/reactions/{kind}", (string slug, string kind, HttpContext http, PostsDbContext db, ArticleResponses responses, TimeProvider clock, CancellationToken ct) =>
            React(slug, kind, add: false, http, db, responses, clock, ct)).RequireAuthorization().WithSummary("Take a reaction back");
        article.MapGet("/reactions", ListReactions).WithSummary("A post's reactions and who reacted");
        return app;
    }

    static async Task<Results<Ok<ArticleEnvelope<ArticleResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> React(
        string slug, string kind, bool add, HttpContext http, PostsDbContext db, ArticleResponses responses, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!ReactionKinds.All.Contains(kind)) return ValidationErrors.For("kind", $"must be one of: {string.Join(", ", ReactionKinds.All)}");
        var article = await ArticlesApi.FindAsync(db, slug, cancellationToken);
        if (article is null || article.Status != ArticleStatus.Published) return ArticlesApi.NotFound(slug);
        var user = await Authors.EnsureAsync(db, http.User, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The reaction row and the article's counter change together, and only when the row does.
        var changed = add
            ? await db.Database.ExecuteSqlAsync(
                $"INSERT INTO reactions (article_id, user_id, kind, created_at) VALUES ({article.Id}, {user.Id}, {kind}, {clock.GetUtcNow()}) ON CONFLICT DO NOTHING", cancellationToken)
            : await db.Reactions.Where(r => r.ArticleId == article.Id && r.UserId == user.Id && r.Kind == kind).ExecuteDeleteAsync(cancellationToken);
        if (changed == 1)
        {
            var delta = add ? 1 : -1;
            var articles = db.Articles.Where(a => a.Id == article.Id);
            await (kind == ReactionKinds.Like
                ? articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.LikesCount, a => a.LikesCount + delta), cancellationToken)
                : articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.HandshakesCount, a => a.HandshakesCount + delta), cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);

        var fresh = await ArticlesApi.FindAsync(db, slug, cancellationToken);
        return TypedResults.Ok(new ArticleEnvelope<ArticleResponse>(await responses.ForAsync(fresh!, user.Id, cancellationToken)));
    }

    /// <summary>
    /// Who reacted, newest first ("Friends who just made a statement"); from the replica's cache while
    /// nothing was written to Posts' database.
    /// </summary>
    static async Task<Results<Ok<ReactionsResponse>, ProblemHttpResult>> ListReactions(
        string slug, PostsDbContext db, ContentCache cache, CancellationToken cancellationToken)
    {
        var reactions = await cache.GetOrLoadAsync(new ReactionsKey(slug), async () =>
        {
            // One snapshot for the counts and the list, so they agree while a reaction is being committed.
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            var article = await ArticlesApi.FindAsync(db, slug, cancellationToken);
            if (article is null || article.Status != ArticleStatus.Published) return null;
            var reactors = await db.Reactions.Where(r => r.ArticleId == article.Id)
                .OrderByDescending(r => r.CreatedAt).Take(200)
                .Join(db.Authors, r => r.UserId, a => a.Id, (r, a) => new Reactor(a.Username, a.DisplayName, a.Image, r.Kind, r.CreatedAt, null))
                .ToListAsync(cancellationToken);
            var remote = await db.RemoteReactions.Where(r => r.ArticleId == article.Id).OrderByDescending(r => r.CreatedAt).Take(200)
                .Select(r => new Reactor(r.Handle, r.Handle, null, ReactionKinds.Like, r.CreatedAt, r.ProfileUrl ?? r.ActorId))
                .ToListAsync(cancellationToken);
            reactors = [.. reactors.Concat(remote).OrderByDescending(r => r.ReactedAt).Take(200)];
            return new ReactionsResponse(new ReactionCounts(article.LikesCount, article.HandshakesCount), reactors);
        });
        return reactions is null ? ArticlesApi.NotFound(slug) : TypedResults.Ok(reactions);
    }

    sealed record ReactionsKey(string Slug);
}
