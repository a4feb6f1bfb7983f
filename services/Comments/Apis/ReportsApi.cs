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

/// <summary>Readers report comments; Moderation hears of each report through `CommentReported`.</summary>
public static class ReportsApi
{
    public sealed record ReportInput(string? Reason, string? Text);
    public sealed record ReportEnvelope<T>(T? Report);
    public sealed record ReportResponse(long CommentId, string Reason, string? Text, DateTimeOffset CreatedAt);

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/comments/{id:long}/reports", Report).WithTags("Comments").WithSummary("Report a comment (spam, abuse, off-topic, other)")
            .RequireAuthorization().RequireRateLimiting(CommentWriteLimits.Policy);
        return app;
    }

    /// <summary>One report per reader per comment.</summary>
    static async Task<Results<Created<ReportEnvelope<ReportResponse>>, ProblemHttpResult, UnprocessableEntity<ErrorsEnvelope>, Conflict<ErrorsEnvelope>>> Report(
        long id, ReportEnvelope<ReportInput>? body, HttpContext http, CommentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body?.Report is not { } input) return ValidationErrors.For("report", "can't be blank");
        var errors = new ValidationErrors();
        var reason = input.Reason?.Trim().ToLowerInvariant() ?? "";
        if (!CommentReport.Reasons.Contains(reason)) errors.Add("reason", $"must be one of: {string.Join(", ", CommentReport.Reasons)}");
        var text = input.Text?.Trim();
        if (reason == "other" && string.IsNullOrEmpty(text)) errors.Add("text", "can't be blank when the reason is other");
        if (text is { Length: > CommentReport.TextMax }) errors.Add("text", $"is too long (maximum is {CommentReport.TextMax} characters)");
        else if (text is not null && CommentText.Problem(text) is { } problem) errors.Add("text", problem);
        if (errors.Any) return errors.ToResult();

        var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Number == id && c.Status == CommentStatus.Visible, cancellationToken);
        if (comment is null || !await db.PublishedPosts.AnyAsync(p => p.PostId == comment.PostId, cancellationToken))
        {
            return CommentsApi.CommentNotFound();
        }
        var reporter = http.User.UserId()!.Value;
        var report = new CommentReport { CommentId = comment.Id, ReporterId = reporter, Reason = reason, Text = text, CreatedAt = clock.GetUtcNow() };
        db.Reports.Add(report);
        db.AddIntegrationEvent(comment.PostId.ToString(), new CommentReported(comment.Id, comment.PostId, reporter,
            http.User.FindFirstValue(BlogClaims.Username) ?? "", reason, text, report.CreatedAt, comment.Number));
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
}
