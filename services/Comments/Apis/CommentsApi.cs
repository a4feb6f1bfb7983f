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
    public const int RecentMax = 50;

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/articles/{slug}/comments").WithTags("Comments");
        comments.MapGet("/", GetComments);
        comments.MapPost("/", AddComment).RequireAuthorization();
        comments.MapDelete("/{id:guid}", DeleteComment).RequireAuthorization();

        var byId = app.MapGroup("/api/comments").WithTags("Comments");
        byId.MapGet("/recent", GetRecent);
        byId.MapPost("/{id:guid}/reports", Report).RequireAuthorization();
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
            else if (parent.Depth >= Comment.MaxDepth) errors.Add("parentId", $"is too deep to reply to (replies nest at most {Comment.MaxDepth} levels)");
        }
        if (errors.Any) return errors.ToResult();

        var now = clock.GetUtcNow();
        var comment = new Comment
        {
            Id = Guid.CreateVersion7(),
            PostId = post.PostId,
            ParentId = parent?.Id,
            Depth = parent is null ? 0 : parent.Depth + 1,
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

    public sealed record RecentComment(Guid Id, DateTimeOffset CreatedAt, string Body, CommentAuthor Author, RecentArticle Article);
    public sealed record RecentArticle(string Slug, string Title);
    public sealed record RecentResponse(IReadOnlyList<RecentComment> Comments);
    public sealed record ReportInput(string? Reason, string? Text);
    public sealed record ReportEnvelope<T>(T? Report);
    public sealed record ReportResponse(Guid CommentId, string Reason, string? Text, DateTimeOffset CreatedAt);

    /// The latest visible comments site-wide, or on the posts of one author (the author box).
    static async Task<Ok<RecentResponse>> GetRecent(CommentsDbContext db, CancellationToken cancellationToken, string? author = null, int limit = 10)
    {
        var query = db.Comments.AsNoTracking().Where(c => c.Status == CommentStatus.Visible)
            .Join(db.PublishedPosts, c => c.PostId, p => p.PostId, (c, p) => new { Comment = c, Post = p });
        if (!string.IsNullOrWhiteSpace(author)) query = query.Where(x => x.Post.AuthorUsername == author);
        var latest = await query.OrderByDescending(x => x.Comment.CreatedAt).Take(Math.Clamp(limit, 1, RecentMax)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RecentResponse(latest.Select(x => new RecentComment(x.Comment.Id, x.Comment.CreatedAt, x.Comment.Body,
            new CommentAuthor(x.Comment.AuthorUsername, "", null, false), new RecentArticle(x.Post.Slug, x.Post.Title))).ToList()));
    }

    /// One report per reader per comment; raises `CommentReported` for Moderation.
    static async Task<Results<Created<ReportEnvelope<ReportResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>, Conflict<ErrorsEnvelope>>> Report(
        Guid id, ReportEnvelope<ReportInput>? body, HttpContext http, CommentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Report is not { } input) return ValidationErrors.For("report", "can't be blank");
        var errors = new ValidationErrors();
        var reason = input.Reason?.Trim().ToLowerInvariant() ?? "";
        if (!CommentReport.Reasons.Contains(reason)) errors.Add("reason", $"must be one of: {string.Join(", ", CommentReport.Reasons)}");
        var text = input.Text?.Trim();
        if (reason == "other" && string.IsNullOrEmpty(text)) errors.Add("text", "can't be blank when the reason is other");
        if (text is { Length: > CommentReport.TextMax }) errors.Add("text", $"is too long (maximum is {CommentReport.TextMax} characters)");
        if (errors.Any) return errors.ToResult();

        var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id && c.Status == CommentStatus.Visible, cancellationToken);
        if (comment is null || !await db.PublishedPosts.AnyAsync(p => p.PostId == comment.PostId, cancellationToken))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Comment not found");
        }
        var reporter = http.User.UserId()!.Value;
        var report = new CommentReport { CommentId = id, ReporterId = reporter, Reason = reason, Text = text, CreatedAt = clock.GetUtcNow() };
        db.Reports.Add(report);
        db.AddIntegrationEvent(comment.PostId.ToString(), new CommentReported(id, comment.PostId, reporter,
            http.User.FindFirstValue(BlogClaims.Username) ?? "", reason, text, report.CreatedAt));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            return TypedResults.Conflict(new ValidationErrors().Add("report", "has already been made by you for this comment").ToEnvelope());
        }
        return TypedResults.Created($"/api/comments/{id}/reports", new ReportEnvelope<ReportResponse>(new ReportResponse(id, reason, text, report.CreatedAt)));
    }

    static CommentResponse ToResponse(Comment comment, int replies) => new(
        comment.Id, comment.CreatedAt, comment.UpdatedAt, comment.Body,
        new CommentAuthor(comment.Status == CommentStatus.Deleted ? "" : comment.AuthorUsername, "", null, false),
        comment.ParentId, comment.Depth, comment.Status.ToString().ToLowerInvariant(), replies);

    static ProblemHttpResult NotFound(string slug) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Article not found", detail: $"No published article has the slug '{slug}'.");
}
