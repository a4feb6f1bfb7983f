using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Moderation.Infrastructure;
using Blog.Moderation.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Moderation.IntegrationEvents;

/// <summary>
/// Every new comment goes through the rules. Clean comments need no verdict; a held one opens a case. Taken in
/// batches, in the order received: a comment's flood and repeat counts see the batch's earlier comments.
/// </summary>
public sealed class CommentCreatedConsumer(ModerationDbContext db, TimeProvider clock) : BatchedInboxConsumer<CommentCreated, ModerationDbContext>(db)
{
    // Read once a batch (an instance handles one delivery): a change of the rules applies from the next batch on.
    ModerationRules? rules;

    protected override async Task HandleAsync(CommentCreated message, ConsumeContext<CommentCreated> context, CancellationToken cancellationToken)
    {
        rules ??= await Db.CurrentRulesAsync(cancellationToken);
        var copyKey = RuleEngine.CopyKey(message.Body);
        var history = await Db.HistoryOfAsync(message, copyKey, rules, cancellationToken);
        if (history.Known) return;

        var comment = new ModeratedComment
        {
            CommentId = message.CommentId, Number = message.CommentNumber, PostId = message.PostId, AuthorId = message.AuthorId, AuthorUsername = message.AuthorUsername,
            Body = message.Body, CopyKey = copyKey, CreatedAt = message.CreatedAt, State = CommentState.Visible,
        };
        Db.Comments.Add(comment);
        var facts = new CommentFacts(message.Body, message.CreatedAt - history.AuthorRegisteredAt, history.LastMinute + 1, history.Copies + 1);
        Db.ApplyRules(comment, RuleEngine.Evaluate(facts, rules), clock.GetUtcNow());
    }
}

/// <summary>An edited comment's new text goes through the content rules again (links, words, new accounts).</summary>
public sealed class CommentEditedConsumer(ModerationDbContext db, TimeProvider clock) : InboxConsumer<CommentEdited, ModerationDbContext>(db)
{
    protected override async Task HandleAsync(CommentEdited message, ConsumeContext<CommentEdited> context, CancellationToken cancellationToken)
    {
        var comment = await Db.LockCommentAsync(message.CommentId, cancellationToken)
            ?? throw new InvalidOperationException($"Comment {message.CommentId} is not known yet; its CommentCreated comes first.");
        comment.Body = message.Body;
        comment.CopyKey = RuleEngine.CopyKey(message.Body);
        if (comment.State != CommentState.Visible) return;
        var rules = await Db.CurrentRulesAsync(cancellationToken);
        var author = await Db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.UserId == message.AuthorId, cancellationToken);
        var facts = new CommentFacts(message.Body, message.EditedAt - author?.RegisteredAt, 0, 0);
        Db.ApplyRules(comment, RuleEngine.Evaluate(facts, rules, contentOnly: true), clock.GetUtcNow());
    }
}

/// <summary>A deleted comment needs no decision any more: its open case leaves the queue.</summary>
public sealed class CommentDeletedConsumer(ModerationDbContext db, TimeProvider clock) : InboxConsumer<CommentDeleted, ModerationDbContext>(db)
{
    protected override async Task HandleAsync(CommentDeleted message, ConsumeContext<CommentDeleted> context, CancellationToken cancellationToken)
    {
        var comment = await Db.LockCommentAsync(message.CommentId, cancellationToken);
        if (comment is null) return;
        comment.State = CommentState.Deleted;
        var open = await Db.Cases.SingleOrDefaultAsync(c => c.CommentId == comment.CommentId && c.Status == CaseStatus.Open, cancellationToken);
        if (open is null) return;
        open.Status = CaseStatus.Withdrawn;
        open.Holding = false;
        open.DecidedAt = clock.GetUtcNow();
        open.Decision = "the comment was deleted";
        Db.Audit.Add(new AuditEntry { At = open.DecidedAt.Value, Actor = CommentVerdicts.Rules, Action = AuditActions.Withdrawn,
            CommentId = comment.CommentId, CaseId = open.Id, UserId = comment.AuthorId, Reason = open.Decision });
    }
}

/// <summary>
/// Reports open a case, or join the open one; reports from enough distinct established readers hold the comment until a moderator decides.
/// </summary>
public sealed class CommentReportedConsumer(ModerationDbContext db, TimeProvider clock) : InboxConsumer<CommentReported, ModerationDbContext>(db)
{
    protected override async Task HandleAsync(CommentReported message, ConsumeContext<CommentReported> context, CancellationToken cancellationToken)
    {
        var comment = await Db.LockCommentAsync(message.CommentId, cancellationToken)
            ?? throw new InvalidOperationException($"Comment {message.CommentId} is not known yet; its CommentCreated comes first.");
        if (await Db.Reports.AnyAsync(r => r.CommentId == message.CommentId && r.ReporterId == message.ReporterId, cancellationToken)) return;
        var now = clock.GetUtcNow();
        Db.Audit.Add(new AuditEntry { At = message.ReportedAt, Actor = message.ReporterUsername, Action = AuditActions.Reported,
            CommentId = comment.CommentId, UserId = comment.AuthorId, Reason = message.Text is { Length: > 0 } text ? $"{message.Reason}: {text}" : message.Reason });
        if (comment.State is CommentState.Rejected or CommentState.Deleted) return;

        var open = await Db.Cases.Include(c => c.Reports)
                .SingleOrDefaultAsync(c => c.CommentId == comment.CommentId && c.Status == CaseStatus.Open, cancellationToken)
            ?? Db.OpenCase(comment, "reports", "", now);
        open.Reports.Add(new CaseReport
        {
            CommentId = comment.CommentId, ReporterId = message.ReporterId, CaseId = open.Id, ReporterUsername = message.ReporterUsername,
            Reason = message.Reason, Text = message.Text, ReportedAt = message.ReportedAt,
        });
        var rules = await Db.CurrentRulesAsync(cancellationToken);
        if (open.Holding || comment.State != CommentState.Visible) return;
        // Only established accounts weigh (an account Moderation does not know yet does not).
        var reporters = open.Reports.Select(r => r.ReporterId).ToList();
        var establishedBefore = now - TimeSpan.FromHours(rules.ReporterAccountHours);
        var weighing = rules.ReporterAccountHours == 0 ? reporters.Count
            : await Db.Users.CountAsync(u => reporters.Contains(u.UserId) && u.RegisteredAt <= establishedBefore, cancellationToken);
        if (weighing >= rules.ReportThreshold)
        {
            Db.Hold(comment, open, $"reported by {weighing} readers", now);
        }
    }
}

static class RuleVerdicts
{
    public static void ApplyRules(this ModerationDbContext db, ModeratedComment comment, RuleVerdict verdict, DateTimeOffset now)
    {
        switch (verdict.Kind)
        {
            case VerdictKind.Reject:
                db.Reject(comment, null, verdict.Reason, CommentVerdicts.Rules, now);
                break;
            case VerdictKind.Hold:
                db.Hold(comment, db.OpenCase(comment, CommentVerdicts.Rules, verdict.Reason, now), verdict.Reason, now);
                break;
        }
    }
}
