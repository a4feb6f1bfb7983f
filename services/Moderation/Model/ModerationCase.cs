namespace Blog.Moderation.Model;

public enum CaseStatus { Open, Approved, Rejected, Withdrawn }

/// <summary>An entry of the moderators' queue: a comment a rule held, or that readers reported. Decided once.</summary>
public sealed class ModerationCase
{
    public Guid Id { get; set; }
    public Guid CommentId { get; set; }
    public CaseStatus Status { get; set; }
    /// <summary>"rules" or "reports": what opened the case.</summary>
    public string OpenedBy { get; set; } = "";
    /// <summary>The rules that fired, when a rule opened it.</summary>
    public string RuleReasons { get; set; } = "";
    /// <summary>Whether the comment is hidden while the case waits.</summary>
    public bool Holding { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? Decision { get; set; }
    public List<CaseReport> Reports { get; set; } = [];
}

/// <summary>A reader's report, one per reader per comment.</summary>
public sealed class CaseReport
{
    public Guid CommentId { get; set; }
    public Guid ReporterId { get; set; }
    public Guid CaseId { get; set; }
    public string ReporterUsername { get; set; } = "";
    public string Reason { get; set; } = "";
    public string? Text { get; set; }
    public DateTimeOffset ReportedAt { get; set; }
}

/// <summary>One line of the append-only audit log: who did what, when and why. The database refuses to change or delete a line.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>"rules" for automatic decisions, otherwise the moderator's or admin's username.</summary>
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public Guid? CommentId { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? UserId { get; set; }
    public string Reason { get; set; } = "";
}

public static class AuditActions
{
    public const string Held = "held", Rejected = "rejected", Approved = "approved", Reported = "reported", CaseOpened = "case-opened",
        Withdrawn = "case-withdrawn", Suspended = "suspended", Reinstated = "reinstated", PostTakenDown = "post-taken-down", PostRestored = "post-restored", RulesChanged = "rules-changed";
}
