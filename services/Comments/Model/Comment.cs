namespace Blog.Comments.Model;

public enum CommentStatus { Visible, Held, Rejected, Deleted }

/// A comment on a published post, or a reply to another comment of the same post.
public sealed class Comment
{
    public const int BodyMax = 5000;
    /// Replies nest at most this deep, so a thread stays readable; replying deeper is refused.
    public const int MaxDepth = 5;

    public Guid Id { get; set; }
    public Guid PostId { get; set; }
    public Guid? ParentId { get; set; }
    public int Depth { get; set; }
    public Guid AuthorId { get; set; }
    public string AuthorUsername { get; set; } = "";
    public string Body { get; set; } = "";
    public CommentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// Orders a post's comments as a thread: each reply right under its parent, siblings oldest first.
public static class CommentThread
{
    public static List<Comment> Order(IReadOnlyCollection<Comment> comments)
    {
        var children = comments.ToLookup(c => c.ParentId);
        var ordered = new List<Comment>(comments.Count);
        void Visit(Guid? parent)
        {
            foreach (var comment in children[parent].OrderBy(c => c.CreatedAt).ThenBy(c => c.Id))
            {
                ordered.Add(comment);
                Visit(comment.Id);
            }
        }
        Visit(null);
        return ordered;
    }
}

/// A reader's report of a comment, at most one per reader per comment.
public sealed class CommentReport
{
    public const int TextMax = 500;
    public static readonly IReadOnlySet<string> Reasons = new HashSet<string>(["spam", "abuse", "off-topic", "other"], StringComparer.Ordinal);

    public Guid CommentId { get; set; }
    public Guid ReporterId { get; set; }
    public string Reason { get; set; } = "";
    public string? Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
