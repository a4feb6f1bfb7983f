namespace Blog.Contracts;

// Events about comments, raised by Comments. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).
// Events that change how many comments a post shows carry the post's new count (`PostVisibleComments`)
// and a `CountRevision` that grows with every change: a consumer keeping a count takes the count
// from the event with the highest revision, whatever order the events arrive in.
// `CommentNumber` (since 1.3.0) is the comment's integer `id` in the HTTP API; `CommentId` stays the key
// every service and every event uses. Messages from before 1.3.0 carry 0.

/// Raised when a reader writes a comment or a reply (for Moderation's rules and for counts).
public sealed record CommentCreated(
    Guid CommentId,
    Guid PostId,
    Guid? ParentId,
    Guid AuthorId,
    string AuthorUsername,
    string Body,
    bool Visible,
    DateTimeOffset CreatedAt,
    int PostVisibleComments = 0,
    long CountRevision = 0,
    long CommentNumber = 0);

/// Raised when a comment is deleted; `WasVisible` tells counters whether it was counted.
public sealed record CommentDeleted(Guid CommentId, Guid PostId, bool WasVisible, DateTimeOffset DeletedAt,
    int PostVisibleComments = 0, long CountRevision = 0, long CommentNumber = 0);

/// Raised when a reader reports a comment (reason: spam, abuse, off-topic or other, with text).
public sealed record CommentReported(Guid CommentId, Guid PostId, Guid ReporterId, string ReporterUsername, string Reason, string? Text, DateTimeOffset ReportedAt,
    long CommentNumber = 0);

/// Raised when a comment's author edits it within the edit window (Moderation re-applies its content rules).
public sealed record CommentEdited(Guid CommentId, Guid PostId, Guid AuthorId, string AuthorUsername, string Body, DateTimeOffset EditedAt,
    long CommentNumber = 0);

/// Raised by Comments when a comment enters or leaves public view because of a moderation verdict,
/// so counters follow (`Visible` is the new state).
public sealed record CommentVisibilityChanged(Guid CommentId, Guid PostId, bool Visible, DateTimeOffset ChangedAt,
    int PostVisibleComments = 0, long CountRevision = 0, long CommentNumber = 0);
