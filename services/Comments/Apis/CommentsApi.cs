using System.Security.Claims;
using Blog.Comments.Infrastructure;
using Blog.Comments.Model;
using Blog.Contracts;
using Blog.Messaging;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Comments.Apis;

/// <summary>A post's thread: read it, comment and reply, edit within the window, delete.</summary>
public static class CommentsApi
{
    public const int DefaultThreads = 50, MaxThreads = 200;

    public static IEndpointRouteBuilder MapCommentsApi(this IEndpointRouteBuilder app)
    {
        var comments = app.MapGroup("/api/articles/{slug}/comments").WithTags("Comments");
        comments.MapGet("/", GetComments).WithSummary("A post's comments, threaded").WithDescription("Paged by top-level comment (`limit` threads from `offset`); replies follow their parent.");
        comments.MapPost("/", AddComment).RequireAuthorization().RequireRateLimiting(CommentWriteLimits.Policy)
            .WithSummary("Comment on a post, or reply to a comment (`parentId`)");
        comments.MapPut("/{id:long}", EditComment).RequireAuthorization().WithSummary("Edit one's comment within the edit window");
        comments.MapDelete("/{id:long}", DeleteComment).RequireAuthorization().WithSummary("Delete a comment (its author, the post's author or a moderator)");
        return app;
    }

    /// <summary>
    /// The thread of a published post, paged by top-level comment (`limit` threads from `offset`). What a
    /// visitor sees is the same for every visitor, and for every reader without a held or rejected
    /// comment on the post: kept in the replica's cache until a write, with the readers who see more.
    /// </summary>
    static async Task<Results<Ok<CommentsResponse>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> GetComments(
        string slug, HttpContext http, CommentsDbContext db, ContentCache cache, CancellationToken cancellationToken, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultThreads, MaxThreads, errors);
        if (errors.Any) return errors.ToResult();

        var reader = http.User.UserId();
        var visitors = await cache.GetOrLoadAsync(new VisitorsThreadKey(slug, take, skip), () => LoadVisitorsThreadAsync(db, slug, take, skip, cancellationToken));
        if (visitors is null) return NotFound(slug);
        return TypedResults.Ok(reader is { } me && visitors.SeenInFullBy(me)
            ? await LoadThreadAsync(db, visitors.PostId, reader, take, skip, cancellationToken)
            : visitors.Thread);
    }

    sealed record VisitorsThreadKey(string Slug, int Take, int Skip);

    /// <summary>
    /// A visitor's page of a post's thread, and the authors of the post's held or rejected comments:
    /// only they see the thread otherwise (`Comment.ShownInFullTo`).
    /// </summary>
    sealed record VisitorsThread(Guid PostId, CommentsResponse Thread, IReadOnlySet<Guid> AuthorsOfHidden)
    {
        public bool SeenInFullBy(Guid reader) => AuthorsOfHidden.Contains(reader);
    }

    /// <summary>Null when no published post has the slug.</summary>
    static async Task<VisitorsThread?> LoadVisitorsThreadAsync(CommentsDbContext db, string slug, int take, int skip, CancellationToken cancellationToken)
    {
        var post = await db.PublishedPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return null;
        var thread = await LoadThreadAsync(db, post.PostId, null, take, skip, cancellationToken);
        var authorsOfHidden = await db.Comments.AsNoTracking()
            .Where(c => c.PostId == post.PostId && (c.Status == CommentStatus.Held || c.Status == CommentStatus.Rejected))
            .Select(c => c.AuthorId).Distinct().ToListAsync(cancellationToken);
        return new VisitorsThread(post.PostId, thread, authorsOfHidden.ToHashSet());
    }

    static async Task<CommentsResponse> LoadThreadAsync(CommentsDbContext db, Guid postId, Guid? reader, int take, int skip, CancellationToken cancellationToken)
    {
        var page = await db.LoadThreadPageAsync(postId, reader, skip, take, cancellationToken);
        var authorIds = page.Entries.Select(e => e.Comment.AuthorId).Distinct().ToList();
        var commenters = await db.Commenters.AsNoTracking().Where(c => authorIds.Contains(c.UserId)).ToDictionaryAsync(c => c.UserId, cancellationToken);
        var responses = page.Entries
            .Select(e => CommentResponse.Of(e.Comment, commenters.GetValueOrDefault(e.Comment.AuthorId), e.RepliesCount, e.ShownAs))
            .ToList();
        return new CommentsResponse(responses, page.VisibleCount, page.ThreadsCount);
    }

    static async Task<Results<Created<CommentEnvelope<CommentResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> AddComment(
        string slug, CommentEnvelope<CommentInput>? body, HttpContext http, CommentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Comment is not { } input) return ValidationErrors.For("comment", "can't be blank");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var post = await db.LockPostAsync(slug, cancellationToken);
        if (post is null) return NotFound(slug);

        var errors = new ValidationErrors();
        var text = CheckBody(input.Body, errors);
        Comment? parent = null;
        if (input.ParentId is { } parentId)
        {
            parent = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Number == parentId && c.PostId == post.PostId, cancellationToken);
            if (parent is null) errors.Add("parentId", "is not a comment of this post");
            else if (parent.WhyNoReply is { } why) errors.Add("parentId", why);
        }
        if (errors.Any) return errors.ToResult();

        var comment = await db.AddCommentAsync(post, parent, Guid.CreateVersion7(), http.User.UserId()!.Value,
            http.User.FindFirstValue(BlogClaims.Username) ?? "", text, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var commenter = await db.Commenters.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == comment.AuthorId, cancellationToken);
        return TypedResults.Created($"/api/articles/{slug}/comments/{comment.Number}",
            new CommentEnvelope<CommentResponse>(CommentResponse.Of(comment, commenter, 0)));
    }

    /// <summary>Only the comment's author, and only within the edit window; an edited comment is checked by Moderation again.</summary>
    static async Task<Results<Ok<CommentEnvelope<CommentResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> EditComment(
        string slug, long id, CommentEnvelope<CommentInput>? body, HttpContext http, CommentsDbContext db, TimeProvider clock,
        IOptions<CommentsOptions> options, CancellationToken cancellationToken)
    {
        if (body?.Comment is not { } input) return ValidationErrors.For("comment", "can't be blank");
        var errors = new ValidationErrors();
        var text = CheckBody(input.Body, errors);
        if (errors.Any) return errors.ToResult();

        var post = await db.PublishedPosts.AsNoTracking().SingleOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (post is null) return NotFound(slug);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var comment = await db.LockCommentAsync(id, cancellationToken);
        if (comment is null || comment.PostId != post.PostId || comment.Status == CommentStatus.Deleted) return CommentNotFound();
        if (comment.AuthorId != http.User.UserId()) return Forbidden("only the comment's author may edit it");
        var now = clock.GetUtcNow();
        if (comment.Status == CommentStatus.Rejected) return Forbidden("a rejected comment cannot be edited");
        if (now - comment.CreatedAt > options.Value.EditWindow)
        {
            return Forbidden($"comments can be edited for {options.Value.EditWindow.TotalMinutes:0} minutes after they are written");
        }

        if (db.EditComment(comment, text, now)) await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var replies = await db.Comments.CountAsync(c => c.ParentId == comment.Id && c.Status == CommentStatus.Visible, cancellationToken);
        var commenter = await db.Commenters.AsNoTracking().SingleOrDefaultAsync(c => c.UserId == comment.AuthorId, cancellationToken);
        return TypedResults.Ok(new CommentEnvelope<CommentResponse>(CommentResponse.Of(comment, commenter, replies)));
    }

    /// <summary>The comment's author, the post's author or a moderator may delete it.</summary>
    static async Task<Results<NoContent, ProblemHttpResult>> DeleteComment(
        string slug, long id, HttpContext http, CommentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var post = await db.LockPostAsync(slug, cancellationToken);
        if (post is null) return NotFound(slug);
        var comment = await db.LockCommentAsync(id, cancellationToken);
        if (comment is null || comment.PostId != post.PostId || comment.Status == CommentStatus.Deleted) return CommentNotFound();
        var me = http.User.UserId();
        if (me != comment.AuthorId && me != post.AuthorId && !http.User.IsStaff())
        {
            return Forbidden("only the comment's author, the post's author or a moderator may delete it");
        }

        await db.DeleteCommentAsync(comment, clock.GetUtcNow(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    static string CheckBody(string? body, ValidationErrors errors)
    {
        var text = body?.Trim() ?? "";
        if (text.Length == 0) errors.Add("body", "can't be blank");
        else if (text.Length > CommentText.MaxLength) errors.Add("body", $"is too long (maximum is {CommentText.MaxLength} characters)");
        else if (CommentText.Problem(text) is { } problem) errors.Add("body", problem);
        return text;
    }

    static ProblemHttpResult NotFound(string slug) =>
        RealWorldResults.NotFound("article", $"No published article has the slug '{slug}'.");

    internal static ProblemHttpResult CommentNotFound() =>
        RealWorldResults.NotFound("comment");

    static ProblemHttpResult Forbidden(string detail) =>
        RealWorldResults.Forbidden("comment", detail);
}
