using Blog.Moderation.Model;

namespace Blog.Moderation.Apis;

// The DTOs of Moderation's API: envelopes, inputs and responses.

// The queue and its decisions (QueueApi)
public sealed record DecisionInput(string? Reason);
public sealed record DecisionEnvelope(DecisionInput? Decision);
public sealed record CaseEnvelope(CaseResponse Case);
public sealed record QueueResponse(IReadOnlyList<CaseResponse> Cases, int CasesCount);
public sealed record CaseResponse(Guid Id, string Status, string OpenedBy, IReadOnlyList<string> RuleReasons, bool Holding, DateTimeOffset OpenedAt,
    DateTimeOffset? DecidedAt, string? DecidedBy, string? Decision, CaseComment Comment, IReadOnlyList<CaseReportResponse> Reports, AuthorHistory AuthorHistory);
/// <summary>`id` is the key events carry (`commentId`); `number` the comment's integer id in the comments API.</summary>
public sealed record CaseComment(Guid Id, Guid PostId, string Body, string State, DateTimeOffset CreatedAt, CaseAuthor Author, long Number);
public sealed record CaseAuthor(Guid Id, string Username);
public sealed record CaseReportResponse(string Reporter, string Reason, string? Text, DateTimeOffset ReportedAt);
/// <summary>What a moderator weighs: how many comments the author wrote, and how many were held or rejected before.</summary>
public sealed record AuthorHistory(int Comments, int Held, int Rejected, int Cases);

// The automatic rules (RulesApi)
public sealed record BlockedWordDto(string? Word, string? Action);
public sealed record RulesDto(int? MaxLinks, IReadOnlyList<BlockedWordDto>? BlockedWords, int? FloodPerMinute, int? NewAccountHours, int? MaxCopies,
    int? ReportThreshold, DateTimeOffset? UpdatedAt = null, string? UpdatedBy = null, int? ReporterAccountHours = null);
public sealed record RulesEnvelope(RulesDto? Rules);

// The audit log (AuditApi)
public sealed record AuditEntryResponse(long Id, DateTimeOffset At, string Actor, string Action, Guid? CommentId, Guid? CaseId, Guid? UserId, string Reason);
public sealed record AuditResponse(IReadOnlyList<AuditEntryResponse> Entries);

// Suspensions (SuspensionsApi)
public sealed record SuspensionInput(string? Duration, string? Reason);
public sealed record SuspensionEnvelope<T>(T? Suspension);
public sealed record SuspensionResponse(string Username, DateTimeOffset SuspendedAt, DateTimeOffset Until, string Reason, string SuspendedBy)
{
    public static SuspensionResponse For(Suspension s) => new(s.Username, s.SuspendedAt, s.Until, s.Reason, s.SuspendedBy);
}
public sealed record SuspensionsResponse(IReadOnlyList<SuspensionResponse> Suspensions);
