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
