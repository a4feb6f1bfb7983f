using System.Security.Claims;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Posts.Apis;

/// <summary>
/// Moderators and admins take a post down (it leaves every public list, feed and page; its author
/// sees why and cannot publish it again) and restore it. Posts holds the state; `PostTakenDown` and
/// `PostRestored` let Moderation write its audit log. Routed here by the gateway under /api/moderation/posts.
/// </summary>
public static class TakedownsApi
{
    public sealed record TakedownInput(string? Reason);
    public sealed record TakedownEnvelope<T>(T? Takedown);
    public sealed record TakenDownPost(string Slug, string Title, string Author, string Reason, string TakenDownBy, DateTimeOffset TakenDownAt);
    public sealed record TakenDownPosts(IReadOnlyList<TakenDownPost> Posts);

    public static IEndpointRouteBuilder MapTakedownsApi(this IEndpointRouteBuilder app)
    {
        var posts = app.MapGroup("/api/moderation/posts").WithTags("Moderation").RequireAuthorization(BlogAuthentication.ModeratorPolicy);
        posts.MapGet("/", ListTakenDown).WithSummary("Posts taken down by moderators");
        posts.MapPost("/{slug}/unpublish", TakeDown).WithSummary("Take a post down (a draft until restored)");
        posts.MapPost("/{slug}/restore", Restore).WithSummary("Restore a taken-down post");
        return app;
    }

    static async Task<Ok<TakenDownPosts>> ListTakenDown(Infrastructure.PostsDbContext db, CancellationToken cancellationToken)
    {
        var posts = await db.Articles.AsNoTracking().Where(a => a.TakenDownAt != null).OrderByDescending(a => a.TakenDownAt).Take(500)
            .Select(a => new TakenDownPost(a.Slug, a.Title, a.Author!.Username, a.TakedownReason!, a.TakenDownBy!, a.TakenDownAt!.Value))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new TakenDownPosts(posts));
    }

    static async Task<Results<Ok<TakedownEnvelope<TakenDownPost>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> TakeDown(
        string slug, TakedownEnvelope<TakedownInput>? body, HttpContext http, [AsParameters] ArticlesApi.ArticleServices services, CancellationToken cancellationToken)
    {
        var reason = body?.Takedown?.Reason?.Trim() ?? "";
        if (reason.Length == 0) return ValidationErrors.For("reason", "can't be blank: the author is shown why");
        if (reason.Length > 1000) return ValidationErrors.For("reason", "is too long (maximum is 1000 characters)");
        if (TextRules.HasControlCharacters(reason)) return ValidationErrors.For("reason", TextRules.ControlCharactersMessage);

        var article = await ArticlesApi.FindAsync(services.Db, slug, cancellationToken, tracking: true);
        if (article is null) return ArticlesApi.NotFound(slug);
        if (article.IsTakenDown) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already taken down",
            detail: $"Taken down by {article.TakenDownBy}: {article.TakedownReason}");

        var me = http.User.FindFirstValue(BlogClaims.Username) ?? "";
        var now = services.Clock.GetUtcNow();
        if (article.TakeDown(reason, me, now))
            services.Db.AddIntegrationEvent(article.Id.ToString(), new PostUnpublished(article.Id, article.Slug, now));
        services.Db.AddIntegrationEvent(article.Id.ToString(),
            new PostTakenDown(article.Id, article.Slug, article.Title, article.AuthorId, article.Author!.Username, reason, me, now));
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new TakedownEnvelope<TakenDownPost>(new TakenDownPost(article.Slug, article.Title, article.Author.Username, reason, me, now)));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Restore(
        string slug, HttpContext http, [AsParameters] ArticlesApi.ArticleServices services, CancellationToken cancellationToken)
    {
        var article = await ArticlesApi.FindAsync(services.Db, slug, cancellationToken, tracking: true);
        if (article is null) return ArticlesApi.NotFound(slug);
        if (!article.IsTakenDown) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not taken down");

        var now = services.Clock.GetUtcNow();
        if (article.Restore(now)) ArticlesApi.Publish(services, article, now);
        services.Db.AddIntegrationEvent(article.Id.ToString(),
            new PostRestored(article.Id, article.Slug, article.AuthorId, http.User.FindFirstValue(BlogClaims.Username) ?? "", now));
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
