namespace Blog.Contracts;

// Events about the fediverse, raised by Federation. Exchange of each: `Blog.Contracts:<TypeName>` (fanout).

/// <summary>
/// Raised when an account on another ActivityPub server (Mastodon and others) likes a post: its `Like`
/// arrived signed by that account. Posts counts it with the post's likes, apart from local accounts'.
/// </summary>
/// <param name="PostId">The post's key.</param>
/// <param name="ActorId">The remote account's ActivityPub id (an https URL): the same in every event about its likes.</param>
/// <param name="Handle">The remote account's handle, `@name@host`.</param>
/// <param name="ProfileUrl">The remote account's profile page, or null.</param>
/// <param name="LikedAt">When the like arrived.</param>
public sealed record RemotePostLiked(Guid PostId, string ActorId, string Handle, string? ProfileUrl, DateTimeOffset LikedAt);

/// <summary>Raised when a remote account takes its like of a post back (`Undo` of its `Like`).</summary>
/// <param name="PostId">The post's key.</param>
/// <param name="ActorId">The remote account's ActivityPub id.</param>
/// <param name="UnlikedAt">When the undo arrived.</param>
public sealed record RemotePostUnliked(Guid PostId, string ActorId, DateTimeOffset UnlikedAt);

/// <summary>
/// Raised when an account on another ActivityPub server replies to a post, or to a comment that came from
/// the fediverse: its `Create` of a `Note` arrived signed by it. Comments adds it to the thread like any
/// comment (Moderation's rules apply to it through `CommentCreated`), attributed to the remote account.
/// </summary>
/// <param name="CommentId">The comment's key, chosen by Federation: the same in `RemoteCommentDeleted` and in Comments' events about it.</param>
/// <param name="PostId">The post replied to.</param>
/// <param name="ParentCommentId">The comment replied to, or null for a reply to the post itself.</param>
/// <param name="AuthorId">The key the remote account is known by as a commenter: derived from `ActorId`, the same in every event about it.</param>
/// <param name="ActorId">The remote account's ActivityPub id (an https URL).</param>
/// <param name="Handle">The remote account's handle, `@name@host`.</param>
/// <param name="Name">The remote account's display name, or its user name when it has none.</param>
/// <param name="ProfileUrl">The remote account's profile page, or null.</param>
/// <param name="Body">The note's text, its HTML turned to plain text (links written out); escape it before showing it as HTML.</param>
/// <param name="NoteId">The note's ActivityPub id.</param>
/// <param name="ReceivedAt">When the reply arrived.</param>
public sealed record RemoteCommentReceived(Guid CommentId, Guid PostId, Guid? ParentCommentId, Guid AuthorId, string ActorId, string Handle, string Name,
    string? ProfileUrl, string Body, string NoteId, DateTimeOffset ReceivedAt);

/// <summary>
/// Raised when a remote account edits a note that came in as a comment (its `Update`, newer than the last one
/// taken): Comments replaces the comment's text, and Moderation checks it again through `CommentEdited`.
/// </summary>
/// <param name="CommentId">The comment's key (as in `RemoteCommentReceived`).</param>
/// <param name="PostId">The post it was written on.</param>
/// <param name="ActorId">The remote account's ActivityPub id.</param>
/// <param name="Body">The note's new text, its HTML turned to plain text as in `RemoteCommentReceived`.</param>
/// <param name="NoteId">The note's ActivityPub id.</param>
/// <param name="EditedAt">When the edit arrived.</param>
public sealed record RemoteCommentEdited(Guid CommentId, Guid PostId, string ActorId, string Body, string NoteId, DateTimeOffset EditedAt);

/// <summary>Raised when a remote account deletes a note that came in as a comment (its `Delete`), or is itself deleted.</summary>
/// <param name="CommentId">The comment's key (as in `RemoteCommentReceived`).</param>
/// <param name="PostId">The post it was written on.</param>
/// <param name="ActorId">The remote account's ActivityPub id.</param>
/// <param name="DeletedAt">When the deletion arrived.</param>
public sealed record RemoteCommentDeleted(Guid CommentId, Guid PostId, string ActorId, DateTimeOffset DeletedAt);
