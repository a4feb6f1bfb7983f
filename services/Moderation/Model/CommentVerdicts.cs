using Blog.Contracts;
using Blog.Messaging;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;

namespace Blog.Moderation.Model;

/// <summary>
/// Every verdict on a comment, automatic or human, goes through here: the comment's new state, its
/// next verdict revision, the event for Comments (through the outbox) and the audit line commit together.
/// </summary>
public static class CommentVerdicts
{
    public const string Rules = "rules";

    public static ModerationCase OpenCase(this ModerationDbContext db, ModeratedComment comment, string openedBy, string ruleReasons, DateTimeOffset now)
    {
        var opened = new ModerationCase
        {
            Id = Guid.CreateVersion7(), CommentId = comment.CommentId, Status = CaseStatus.Open, OpenedBy = openedBy, RuleReasons = ruleReasons, OpenedAt = now,
        };
        db.Cases.Add(opened);
        db.Audit.Add(new AuditEntry { At = now, Actor = Rules, Action = AuditActions.CaseOpened, CommentId = comment.CommentId, CaseId = opened.Id,
            UserId = comment.AuthorId, Reason = openedBy == Rules ? ruleReasons : "reported by readers" });
        return opened;
    }

    public static void Hold(this ModerationDbContext db, ModeratedComment comment, ModerationCase heldFor, string reason, DateTimeOffset now)
    {
        heldFor.Holding = true;
        comment.State = CommentState.Held;
        comment.VerdictRevision++;
        db.AddIntegrationEvent(comment.PostId.ToString(), new CommentHeld(comment.CommentId, comment.PostId, heldFor.Id, reason, comment.VerdictRevision, now));
        db.Audit.Add(new AuditEntry { At = now, Actor = Rules, Action = AuditActions.Held, CommentId = comment.CommentId, CaseId = heldFor.Id,
            UserId = comment.AuthorId, Reason = reason });
    }

    public static void Reject(this ModerationDbContext db, ModeratedComment comment, ModerationCase? decided, string reason, string actor, DateTimeOffset now)
    {
        Decide(decided, CaseStatus.Rejected, reason, actor, now);
        comment.State = CommentState.Rejected;
        comment.VerdictRevision++;
        db.AddIntegrationEvent(comment.PostId.ToString(),
            new CommentRejected(comment.CommentId, comment.PostId, decided?.Id, reason, actor, comment.VerdictRevision, now));
        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = AuditActions.Rejected, CommentId = comment.CommentId, CaseId = decided?.Id,
            UserId = comment.AuthorId, Reason = reason });
    }

    public static void Approve(this ModerationDbContext db, ModeratedComment comment, ModerationCase decided, string reason, string actor, DateTimeOffset now)
    {
        Decide(decided, CaseStatus.Approved, reason, actor, now);
        comment.State = CommentState.Visible;
        comment.VerdictRevision++;
        db.AddIntegrationEvent(comment.PostId.ToString(), new CommentApproved(comment.CommentId, comment.PostId, decided.Id, actor, comment.VerdictRevision, now));
        db.Audit.Add(new AuditEntry { At = now, Actor = actor, Action = AuditActions.Approved, CommentId = comment.CommentId, CaseId = decided.Id,
            UserId = comment.AuthorId, Reason = reason });
    }

    static void Decide(ModerationCase? decided, CaseStatus status, string reason, string actor, DateTimeOffset now)
    {
        if (decided is null) return;
        decided.Status = status;
        decided.Holding = false;
        decided.DecidedAt = now;
        decided.DecidedBy = actor;
        decided.Decision = reason;
    }
}
