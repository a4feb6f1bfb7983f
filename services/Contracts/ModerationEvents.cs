namespace Blog.Contracts;

// Verdicts on comments, raised by Moderation. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).
// `Revision` counts the verdicts on one comment (1, 2, ...): verdicts travel on different queues and
// may arrive out of order, so a consumer applies a verdict only when it is newer than the last one it applied.

/// A comment is hidden until a moderator decides: an automatic rule held it, or enough readers reported it.
public sealed record CommentHeld(Guid CommentId, Guid PostId, Guid CaseId, string Reason, int Revision, DateTimeOffset HeldAt);

/// A moderator approved a held or reported comment: it is public again.
public sealed record CommentApproved(Guid CommentId, Guid PostId, Guid CaseId, string ApprovedBy, int Revision, DateTimeOffset ApprovedAt);

/// A comment is rejected for good (spam, abuse), by a rule or by a moderator: hidden from everyone but its author.
public sealed record CommentRejected(Guid CommentId, Guid PostId, Guid? CaseId, string Reason, string RejectedBy, int Revision, DateTimeOffset RejectedAt);

/// Raised by Posts when a moderator or admin takes a post down: it is no longer public (a `PostUnpublished`
/// goes out too when it was), and its author sees the reason and cannot publish it again until it is restored.
public sealed record PostTakenDown(
    Guid PostId,
    string Slug,
    string Title,
    Guid AuthorId,
    string AuthorUsername,
    string Reason,
    string TakenDownBy,
    DateTimeOffset TakenDownAt);

/// Raised by Posts when a moderator or admin restores a post taken down (public again if it was, with a `PostPublished`).
public sealed record PostRestored(
    Guid PostId,
    string Slug,
    Guid AuthorId,
    string RestoredBy,
    DateTimeOffset RestoredAt);
