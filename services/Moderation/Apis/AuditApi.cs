using Blog.Moderation.Infrastructure;
using Blog.ServiceDefaults.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.Apis;

/// <summary>The audit log, newest first; filter by comment, by case or by the account concerned.</summary>
public static class AuditApi
{
    public const int DefaultLimit = 50, MaxLimit = 500;

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder moderation)
    {
        moderation.MapGet("/audit", GetAudit).WithSummary("The audit log of moderators' and admins' decisions");
        return moderation;
    }

    static async Task<Results<Ok<AuditResponse>, UnprocessableEntity<ErrorsEnvelope>>> GetAudit(ModerationDbContext db, CancellationToken cancellationToken,
        Guid? commentId = null, Guid? caseId = null, Guid? userId = null, string? limit = null, string? offset = null)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        if (errors.Any) return errors.ToResult();

        var entries = db.Audit.AsNoTracking();
        if (commentId is not null) entries = entries.Where(e => e.CommentId == commentId);
        if (caseId is not null) entries = entries.Where(e => e.CaseId == caseId);
        if (userId is not null) entries = entries.Where(e => e.UserId == userId);
        var page = await entries.OrderByDescending(e => e.Id).Skip(skip).Take(take)
            .Select(e => new AuditEntryResponse(e.Id, e.At, e.Actor, e.Action, e.CommentId, e.CaseId, e.UserId, e.Reason))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditResponse(page));
    }
}
