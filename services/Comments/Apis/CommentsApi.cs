using Blog.Comments.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.Apis;

public static class CommentsApi
{
    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/articles/{slug}/comments").WithTags("Comments");
        comments.MapGet("/", GetComments);
        return app;
    }

    /// The thread of a published post. Until comments exist (issue 5) a known post has an empty thread.
    static async Task<Results<Ok<CommentsResponse>, ProblemHttpResult>> GetComments(
        string slug, CommentsDbContext db, CancellationToken cancellationToken)
    {
        var known = await db.PublishedPosts.AnyAsync(p => p.Slug == slug, cancellationToken);
        if (!known)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No published article has the slug '{slug}'.");
        }
        return TypedResults.Ok(new CommentsResponse([]));
    }

    public sealed record CommentsResponse(IReadOnlyList<object> Comments);
}
