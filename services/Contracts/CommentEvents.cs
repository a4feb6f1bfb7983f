namespace Blog.Contracts;

// Events about comments, raised by Comments. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).
// Events that change how many comments a post shows carry the post's new count (`PostVisibleComments`)
// and a `CountRevision` that grows with every change: a consumer keeping a count takes the count
// from the event with the highest revision, whatever order the events arrive in.
// `CommentNumber` (since 1.3.0) is the comment's integer `id` in the HTTP API; `CommentId` stays the key
// every service and every event uses. Messages from before 1.3.0 carry 0.

/// <summary>Raised when a reader writes a comment or a reply (for Moderation's rules and for counts).</summary>
/// <param name="CommentId">The comment's key, the same in every event about it.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="ParentId">The comment it replies to, or null for a top-level comment.</param>
/// <param name="AuthorId">The commenter's key.</param>
/// <param name="AuthorUsername">The commenter's username.</param>
/// <param name="Body">The text as written (escape it before showing it as HTML).</param>
/// <param name="Visible">False when the comment starts hidden.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="PostVisibleComments">The post's count of visible comments after this change.</param>
/// <param name="CountRevision">Grows with every change to a count: keep the count of the highest revision.</param>
/// <param name="CommentNumber">The comment's integer id in the HTTP API (since 1.3.0; 0 in older messages).</param>
/// <param name="ParentAuthorId">The author of the comment replied to (since 1.4.0; null for a top-level comment and in older messages).</param>
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
    long CommentNumber = 0,
    Guid? ParentAuthorId = null);

/// <summary>Raised when a comment is deleted.</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it was written on.</param>
/// <param name="WasVisible">Whether it was counted among the post's visible comments.</param>
/// <param name="DeletedAt">When it was deleted.</param>
/// <param name="PostVisibleComments">The post's count of visible comments after this change.</param>
/// <param name="CountRevision">Grows with every change to a count: keep the count of the highest revision.</param>
/// <param name="CommentNumber">The comment's integer id in the HTTP API (since 1.3.0; 0 in older messages).</param>
public sealed record CommentDeleted(Guid CommentId, Guid PostId, bool WasVisible, DateTimeOffset DeletedAt,
    int PostVisibleComments = 0, long CountRevision = 0, long CommentNumber = 0);

/// <summary>Raised when a reader reports a comment.</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="ReporterId">The reader's key.</param>
/// <param name="ReporterUsername">The reader's username.</param>
/// <param name="Reason"><c>spam</c>, <c>abuse</c>, <c>off-topic</c> or <c>other</c>.</param>
/// <param name="Text">The reader's words (always there for <c>other</c>), or null.</param>
/// <param name="ReportedAt">When it was reported.</param>
/// <param name="CommentNumber">The comment's integer id in the HTTP API (since 1.3.0; 0 in older messages).</param>
public sealed record CommentReported(Guid CommentId, Guid PostId, Guid ReporterId, string ReporterUsername, string Reason, string? Text, DateTimeOffset ReportedAt,
    long CommentNumber = 0);

/// <summary>Raised when a comment's author edits it within the edit window (Moderation checks the new text).</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="AuthorId">The commenter's key.</param>
/// <param name="AuthorUsername">The commenter's username.</param>
/// <param name="Body">The new text as written.</param>
/// <param name="EditedAt">When it was edited.</param>
/// <param name="CommentNumber">The comment's integer id in the HTTP API (since 1.3.0; 0 in older messages).</param>
public sealed record CommentEdited(Guid CommentId, Guid PostId, Guid AuthorId, string AuthorUsername, string Body, DateTimeOffset EditedAt,
    long CommentNumber = 0);

/// <summary>Raised when a comment enters or leaves public view because of a moderation verdict.</summary>
/// <param name="CommentId">The comment's key.</param>
/// <param name="PostId">The post it is written on.</param>
/// <param name="Visible">The new state: shown (true) or hidden.</param>
/// <param name="ChangedAt">When the verdict was applied.</param>
/// <param name="PostVisibleComments">The post's count of visible comments after this change.</param>
/// <param name="CountRevision">Grows with every change to a count: keep the count of the highest revision.</param>
/// <param name="CommentNumber">The comment's integer id in the HTTP API (since 1.3.0; 0 in older messages).</param>
public sealed record CommentVisibilityChanged(Guid CommentId, Guid PostId, bool Visible, DateTimeOffset ChangedAt,
    int PostVisibleComments = 0, long CountRevision = 0, long CommentNumber = 0);
