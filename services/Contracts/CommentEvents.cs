namespace Blog.Contracts;

// Events about comments, raised by Comments. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).

/// Raised when a reader writes a comment or a reply (for Moderation's rules and for counts).
public sealed record CommentCreated(
    Guid CommentId,
    Guid PostId,
    Guid? ParentId,
    Guid AuthorId,
    string AuthorUsername,
    string Body,
    bool Visible,
    DateTimeOffset CreatedAt);

/// Raised when a comment is deleted; `WasVisible` tells counters whether it was counted.
public sealed record CommentDeleted(Guid CommentId, Guid PostId, bool WasVisible, DateTimeOffset DeletedAt);

/// Raised when a reader reports a comment (reason: spam, abuse, off-topic or other, with text).
public sealed record CommentReported(Guid CommentId, Guid PostId, Guid ReporterId, string ReporterUsername, string Reason, string? Text, DateTimeOffset ReportedAt);
