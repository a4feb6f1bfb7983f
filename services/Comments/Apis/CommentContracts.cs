using Blog.Comments.Model;
using Blog.ServiceDefaults.Api;

namespace Blog.Comments.Apis;

public sealed record CommentEnvelope<T>(T? Comment);
/// <summary>`parentId` (an extension) is the integer `id` of the comment replied to.</summary>
public sealed record CommentInput(string? Body, long? ParentId);

/// <summary>
/// RealWorld's comment author, with our display name. `following` is always false: follows belong to Identity and Posts.
/// `url` is set for an account of another (fediverse) server only: its profile there; its `username` is then its handle, `name@host`.
/// </summary>
public sealed record CommentAuthor(string Username, string DisplayName, string? Bio, string? Image, bool Following, string? Url = null)
{
    public static readonly CommentAuthor Nobody = new("", "", null, null, false);

    public static CommentAuthor Of(Comment comment, Commenter? commenter) => new(
        comment.AuthorUsername, commenter?.DisplayName is { Length: > 0 } name ? name : comment.AuthorUsername,
        RealWorldFields.OrNull(commenter?.Bio), RealWorldFields.OrNull(commenter?.Image), false, commenter?.ProfileUrl);
}

/// <summary>
/// RealWorld's comment plus our fields. A placeholder (deleted, or hidden from this reader) keeps
/// its place in the thread with an empty body and no author.
/// `id` and `parentId` are the comments' numbers (RealWorld's integer ids); `uuid` is the key events carry as `commentId`.
/// </summary>
public sealed record CommentResponse(long Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Body, string BodyHtml, CommentAuthor Author,
    long? ParentId, int Depth, string Status, int RepliesCount, bool Edited, Guid Uuid)
{
    public static CommentResponse Of(Comment comment, Commenter? commenter, int replies, ShownAs shownAs = ShownAs.Full)
    {
        var full = shownAs == ShownAs.Full;
        var status = full || comment.Status == CommentStatus.Deleted ? comment.Status.ToString().ToLowerInvariant() : "hidden";
        return new CommentResponse(comment.Number, comment.CreatedAt, comment.UpdatedAt,
            full ? comment.Body : "", full ? CommentText.ToHtml(comment.Body) : "",
            full ? CommentAuthor.Of(comment, commenter) : CommentAuthor.Nobody,
            comment.ParentNumber, comment.Depth, status, replies, full && comment.UpdatedAt > comment.CreatedAt, comment.Id);
    }
}

public sealed record CommentsResponse(IReadOnlyList<CommentResponse> Comments, int CommentsCount, int ThreadsCount);
