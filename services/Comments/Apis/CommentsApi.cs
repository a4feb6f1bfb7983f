using System.Security.Claims;
using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Comments.Apis;

public static class CommentsApi
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/articles/{slug}/comments").WithTags("Comments");
        comments.MapGet("/", GetComments);
        comments.MapPost("/", AddComment).RequireAuthorization();
        comments.MapDelete("/{id:guid}", DeleteComment).RequireAuthorization();
        return app;
    }

    public sealed record CommentEnvelope<T>(T? Comment);
    public sealed record NewComment(string? Body, Guid? ParentId);
    public sealed record CommentAuthor(string Username, string Bio, string? Image, bool Following);
    public sealed record CommentResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Body, CommentAuthor Author,
        Guid? ParentId, int Depth, string Status, int RepliesCount);
    public sealed record CommentsResponse(IReadOnlyList<CommentResponse> Comments, int CommentsCount);

    /// The thread of a published post: each reply under its parent, oldest first. A deleted comment
    /// that has replies stays as a "deleted" placeholder so the thread holds.
    static async Task<Results<Ok<CommentsResponse>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> GetComments(
        string slug, CommentsDbContext db, CancellationToken cancellationToken, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var take = MaxLimit;
        var skip = 0;
        if (limit is not null && (!int.TryParse(limit, out take) || take < 1)) errors.Add("limit", "must be a whole number from 1");
        if (offset is not null && (!int.TryParse(offset, out skip) || skip < 0)) errors.Add("offset", "must be a whole number from 0");
        if (errors.Any) return errors.ToResult();

        var post = await db.PublishedPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound(slug);

        var all = await db.Comments.AsNoTracking()
            .Where(c => c.PostId == post.PostId && (c.Status == CommentStatus.Visible || c.Status == CommentStatus.Deleted))
            .ToListAsync(cancellationToken);
        var replies = all.Where(c => c.ParentId is not null).GroupBy(c => c.ParentId!.Value).ToDictionary(g => g.Key, g => g.Count());
        var thread = CommentThread.Order(all);
        var page = thread.Skip(skip).Take(Math.Min(take, MaxLimit)).Select(c => ToResponse(c, replies.GetValueOrDefault(c.Id))).ToList();
        return TypedResults.Ok(new CommentsResponse(page, all.Count(c => c.Status == CommentStatus.Visible)));
    }

    static async Task<Results<Created<CommentEnvelope<CommentResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> AddComment(
        string slug, CommentEnvelope<NewComment>? body, HttpContext http, CommentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Comment is not { } input) return ValidationErrors.For("comment", "can't be blank");
        var post = await db.PublishedPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound(slug);

        var errors = new ValidationErrors();
        var text = input.Body?.Trim() ?? "";
        if (text.Length == 0) errors.Add("body", "can't be blank");
        else if (text.Length > Comment.BodyMax) errors.Add("body", $"is too long (maximum is {Comment.BodyMax} characters)");
        Comment? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == parentId && c.PostId == post.PostId, cancellationToken);
            if (parent is null || parent.Status != CommentStatus.Visible) errors.Add("parentId", "is not a comment of this post");
        }
        if (errors.Any) return errors.ToResult();

        var now = clock.GetUtcNow();
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(),
            PostId = post.PostId,
            // Past the depth limit a reply hangs under its parent's parent, at the deepest level.
            ParentId = parent is null ? null : parent.Depth >= Comment.MaxDepth ? parent.ParentId : parent.Id,
            Depth = parent is null ? 0 : Math.Min(parent.Depth + 1, Comment.MaxDepth),
            AuthorId = http.User.UserId()!.Value,
            AuthorUsername = http.User.FindFirstValue(BlogClaims.Username) ?? "",
            Body = text,
            Status = CommentStatus.Visible,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Comments.Add(comment);
        db.AddIntegrationEvent(post.PostId.ToString(), new CommentCreated(comment.Id, comment.PostId, comment.ParentId, comment.AuthorId,
            comment.AuthorUsername, comment.Body, Visible: true, now));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/articles/{slug}/comments/{comment.Id}", new CommentEnvelope<CommentResponse>(ToResponse(comment, 0)));
    }

    /// The comment's author, the post's author or a moderator may delete it.
    static async Task<Results<NoContent, ProblemHttpResult>> DeleteComment(
        string slug, Guid id, HttpContext http, CommentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var post = await db.PublishedPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound(slug);
        var comment = await db.Comments.SingleOrDefaultAsync(c => c.Id == id && c.PostId == post.PostId && c.Status != CommentStatus.Deleted, cancellationToken);
        if (comment is null) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Comment not found");
        var me = http.User.UserId();
        if (me != comment.AuthorId && me != post.AuthorId && !http.User.IsInRole(BlogRoles.Moderator) && !http.User.IsInRole(BlogRoles.Admin))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "only the comment's author, the post's author or a moderator may delete it");
        }

        var wasVisible = comment.Status == CommentStatus.Visible;
        if (await db.Comments.AnyAsync(c => c.ParentId == comment.Id, cancellationToken))
        {
            comment.Status = CommentStatus.Deleted;
            comment.Body = "";
            comment.UpdatedAt = clock.GetUtcNow();
        }
        else
        {
            db.Comments.Remove(comment);
        }
        db.AddIntegrationEvent(post.PostId.ToString(), new CommentDeleted(comment.Id, comment.PostId, wasVisible, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    static CommentResponse ToResponse(Comment comment, int replies) => new(
        comment.Id, comment.CreatedAt, comment.UpdatedAt, comment.Body,
        new CommentAuthor(comment.Status == CommentStatus.Deleted ? "" : comment.AuthorUsername, "", null, false),
        comment.ParentId, comment.Depth, comment.Status.ToString().ToLowerInvariant(), replies);

    static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No published article has the slug '{slug}'.");
}
