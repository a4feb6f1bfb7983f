namespace Blog.Contracts;

// Verdicts on comments, raised by Moderation. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).
// `Revision` counts the verdicts on one comment (1, 2, ...): verdicts travel on different queues and
// may arrive out of order, so a consumer applies a verdict only when it is newer than the last one it applied.

/// <summary>A comment is hidden until a moderator decides: an automatic rule held it, or enough readers reported it.</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="CaseId">The moderation case opened for it.</param>
/// <param name="Reason">The rules or reports that held it.</param>
/// <param name="Revision">The verdict's number among this comment's verdicts: apply only a newer one.</param>
/// <param name="HeldAt">When.</param>
public sealed record CommentHeld(Guid CommentId, Guid PostId, Guid CaseId, string Reason, int Revision, DateTimeOffset HeldAt);

/// <summary>A moderator approved a held or reported comment: it is public again.</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="CaseId">The case decided.</param>
/// <param name="ApprovedBy">The moderator's username.</param>
/// <param name="Revision">The verdict's number among this comment's verdicts: apply only a newer one.</param>
/// <param name="ApprovedAt">When.</param>
public sealed record CommentApproved(Guid CommentId, Guid PostId, Guid CaseId, string ApprovedBy, int Revision, DateTimeOffset ApprovedAt);

/// <summary>A comment is rejected for good (spam, abuse), by a rule or by a moderator: hidden from everyone but its author.</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="CaseId">The case decided, or null when a rule rejected it at once.</param>
/// <param name="Reason">Why.</param>
/// <param name="RejectedBy">The moderator's username, or <c>rules</c>.</param>
/// <param name="Revision">The verdict's number among this comment's verdicts: apply only a newer one.</param>
/// <param name="RejectedAt">When.</param>
public sealed record CommentRejected(Guid CommentId, Guid PostId, Guid? CaseId, string Reason, string RejectedBy, int Revision, DateTimeOffset RejectedAt);

/// <summary>
/// Raised by Posts when a moderator or admin takes a post down: it is no longer public (a <see cref="PostUnpublished"/>
/// goes out too when it was), and its author sees the reason and cannot publish it again until it is restored.
/// </summary>
/// <param name="PostId">The post's key.</param>
/// <param name="Slug">The post's slug.</param>
/// <param name="Title">The title.</param>
/// <param name="AuthorId">The author's key.</param>
/// <param name="AuthorUsername">The author's username.</param>
/// <param name="Reason">Why, in the staff member's words (shown to the author).</param>
/// <param name="TakenDownBy">The staff member's username.</param>
/// <param name="TakenDownAt">When.</param>
public sealed record PostTakenDown(
    Guid PostId,
    string Slug,
    string Title,
    Guid AuthorId,
    string AuthorUsername,
    string Reason,
    string TakenDownBy,
    DateTimeOffset TakenDownAt);

/// <summary>Raised by Posts when a moderator or admin restores a post taken down (public again if it was, with a <see cref="PostPublished"/>).</summary>
/// <param name="PostId">The post's key.</param>
/// <param name="Slug">The post's slug.</param>
/// <param name="AuthorId">The author's key.</param>
/// <param name="RestoredBy">The staff member's username.</param>
/// <param name="RestoredAt">When.</param>
public sealed record PostRestored(
    Guid PostId,
    string Slug,
    Guid AuthorId,
    string RestoredBy,
    DateTimeOffset RestoredAt);
