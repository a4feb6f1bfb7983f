using System.Security.Claims;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.Apis;

/// <summary>The moderators' queue: open cases oldest first, and the decisions on them.</summary>
public static class QueueApi
{
    public const int DefaultLimit = 20, MaxLimit = 100;

    public static RouteGroupBuilder MapQueueApi(this RouteGroupBuilder moderation)
    {
        moderation.MapGet("/queue", GetQueue).WithSummary("The moderation queue: open cases, oldest first");
        moderation.MapPost("/cases/{id:guid}/approve", Approve).WithSummary("Approve a case's comment (shown again)");
        moderation.MapPost("/cases/{id:guid}/reject", Reject).WithSummary("Reject a case's comment (hidden for good)");
        return moderation;
    }

    static async Task<Results<Ok<QueueResponse>, UnprocessableEntity<ErrorsEnvelope>>> GetQueue(
        ModerationDbContext db, CancellationToken cancellationToken, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        if (errors.Any) return errors.ToResult();

        var open = db.Cases.AsNoTracking().Where(c => c.Status == CaseStatus.Open);
        var page = await open.OrderBy(c => c.OpenedAt).ThenBy(c => c.Id).Skip(skip).Take(take)
            .Include(c => c.Reports).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new QueueResponse(await DescribeAsync(db, page, cancellationToken), await open.CountAsync(cancellationToken)));
    }

    static Task<Results<Ok<CaseEnvelope>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Approve(
        Guid id, DecisionEnvelope? body, HttpContext http, ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        DecideAsync(id, body?.Decision?.Reason?.Trim() is { Length: > 0 } reason && !TextRules.HasControlCharacters(reason) ? reason : "approved by a moderator", http, db, clock,
            (comment, decided, reason, actor, now) => db.Approve(comment, decided, reason, actor, now), cancellationToken);

    static async Task<Results<Ok<CaseEnvelope>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> Reject(
        Guid id, DecisionEnvelope? body, HttpContext http, ModerationDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var reason = body?.Decision?.Reason?.Trim() ?? "";
        if (reason.Length == 0) return ValidationErrors.For("reason", "can't be blank");
        if (reason.Length > 1000) return ValidationErrors.For("reason", "is too long (maximum is 1000 characters)");
        if (TextRules.HasControlCharacters(reason)) return ValidationErrors.For("reason", TextRules.ControlCharactersMessage);
        return await DecideAsync(id, reason, http, db, clock, (comment, decided, why, actor, now) => db.Reject(comment, decided, why, actor, now), cancellationToken);
    }

    delegate void Decision(ModeratedComment comment, ModerationCase decided, string reason, string actor, DateTimeOffset now);

    /// <summary>A case is decided once: deciding it again, or a case whose comment is gone, is a 409.</summary>
    static async Task<Results<Ok<CaseEnvelope>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>>> DecideAsync(
        Guid id, string reason, HttpContext http, ModerationDbContext db, TimeProvider clock, Decision decide, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var commentId = await db.Cases.Where(c => c.Id == id).Select(c => (Guid?)c.CommentId).SingleOrDefaultAsync(cancellationToken);
        if (commentId is null) return RealWorldResults.NotFound("case");
        var comment = (await db.LockCommentAsync(commentId.Value, cancellationToken))!;
        var moderationCase = await db.Cases.Include(c => c.Reports).SingleAsync(c => c.Id == id, cancellationToken);
        if (moderationCase.Status != CaseStatus.Open)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Case already decided",
                detail: $"This case was {moderationCase.Status.ToString().ToLowerInvariant()} by {moderationCase.DecidedBy ?? "the system"}.");
        }

        decide(comment, moderationCase, reason, http.User.FindFirstValue(BlogClaims.Username) ?? "", clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new CaseEnvelope(await DescribeAsync(db, moderationCase, cancellationToken)));
    }

    static async Task<CaseResponse> DescribeAsync(ModerationDbContext db, ModerationCase moderationCase, CancellationToken cancellationToken) =>
        (await DescribeAsync(db, [moderationCase], cancellationToken))[0];

    /// <summary>Each case with its comment and its author's history, in three queries whatever the page size.</summary>
    static async Task<List<CaseResponse>> DescribeAsync(ModerationDbContext db, IReadOnlyList<ModerationCase> moderationCases, CancellationToken cancellationToken)
    {
        var commentIds = moderationCases.Select(c => c.CommentId).Distinct().ToList();
        var comments = await db.Comments.AsNoTracking().Where(c => commentIds.Contains(c.CommentId)).ToDictionaryAsync(c => c.CommentId, cancellationToken);
        var authorIds = comments.Values.Select(c => c.AuthorId).Distinct().ToList();
        var history = await db.Comments.AsNoTracking().Where(c => authorIds.Contains(c.AuthorId))
            .GroupBy(c => new { c.AuthorId, c.State }).Select(g => new { g.Key.AuthorId, g.Key.State, Count = g.Count() }).ToListAsync(cancellationToken);
        var casesByAuthor = await db.Cases.Join(db.Comments, c => c.CommentId, m => m.CommentId, (c, m) => m.AuthorId)
            .Where(authorId => authorIds.Contains(authorId)).GroupBy(authorId => authorId)
            .Select(g => new { AuthorId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.AuthorId, g => g.Count, cancellationToken);

        return moderationCases.Select(moderationCase =>
        {
            var comment = comments[moderationCase.CommentId];
            var mine = history.Where(h => h.AuthorId == comment.AuthorId).ToList();
            return new CaseResponse(moderationCase.Id, moderationCase.Status.ToString().ToLowerInvariant(), moderationCase.OpenedBy,
                moderationCase.RuleReasons.Split("; ", StringSplitOptions.RemoveEmptyEntries), moderationCase.Holding, moderationCase.OpenedAt,
                moderationCase.DecidedAt, moderationCase.DecidedBy, moderationCase.Decision,
                new CaseComment(comment.CommentId, comment.PostId, comment.Body, comment.State.ToString().ToLowerInvariant(), comment.CreatedAt,
                    new CaseAuthor(comment.AuthorId, comment.AuthorUsername), comment.Number),
                moderationCase.Reports.OrderBy(r => r.ReportedAt).Select(r => new CaseReportResponse(r.ReporterUsername, r.Reason, r.Text, r.ReportedAt)).ToList(),
                new AuthorHistory(mine.Sum(h => h.Count), mine.Where(h => h.State == CommentState.Held).Sum(h => h.Count),
                    mine.Where(h => h.State == CommentState.Rejected).Sum(h => h.Count), casesByAuthor.GetValueOrDefault(comment.AuthorId)));
        }).ToList();
    }
}
