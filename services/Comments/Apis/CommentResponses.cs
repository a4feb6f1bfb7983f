using Blog.Comments.Model;

namespace Blog.Comments.Apis;

public sealed record CommentEnvelope<T>(T? Comment);
public sealed record CommentInput(string? Body, Guid? ParentId);

/// RealWorld's comment author, with our display name. `following` is always false: follows belong to Identity and Posts.
public sealed record CommentAuthor(string Username, string DisplayName, string Bio, string? Image, bool Following)
{
    public static readonly CommentAuthor Nobody = new("", "", "", null, false);

    public static CommentAuthor Of(Comment comment, Commenter? commenter) => new(
        comment.AuthorUsername, commenter?.DisplayName is { Length: > 0 } name ? name : comment.AuthorUsername,
        commenter?.Bio ?? "", commenter?.Image, false);
}

/// RealWorld's comment plus our fields. A placeholder (deleted, or hidden from this reader) keeps
/// its place in the thread with an empty body and no author.
public sealed record CommentResponse(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string Body, string BodyHtml, CommentAuthor Author,
    Guid? ParentId, int Depth, string Status, int RepliesCount, bool Edited)
{
    public static CommentResponse Of(Comment comment, Commenter? commenter, int replies, ShownAs shownAs = ShownAs.Full)
    {
        var full = shownAs == ShownAs.Full;
        var status = full || comment.Status == CommentStatus.Deleted ? comment.Status.ToString().ToLowerInvariant() : "hidden";
        return new CommentResponse(comment.Id, comment.CreatedAt, comment.UpdatedAt,
            full ? comment.Body : "", full ? CommentText.ToHtml(comment.Body) : "",
            full ? CommentAuthor.Of(comment, commenter) : CommentAuthor.Nobody,
            comment.ParentId, comment.Depth, status, replies, full && comment.UpdatedAt > comment.CreatedAt);
    }
}

public sealed record CommentsResponse(IReadOnlyList<CommentResponse> Comments, int CommentsCount, int ThreadsCount);
