using System.Linq.Expressions;

namespace Blog.Comments.Model;

public enum CommentStatus { Visible, Held, Rejected, Deleted }

/// <summary>A comment on a published post, or a reply to another comment of the same post.</summary>
public sealed class Comment
{
    /// <summary>Replies nest at most this deep, so a thread stays readable; replying deeper is refused.</summary>
    public const int MaxDepth = 5;

    /// <summary>The key every service knows the comment by (events carry it as `commentId`).</summary>
    public Guid Id { get; set; }
    /// <summary>The comment's id in the HTTP API (RealWorld's integer `id`), numbered by the database as comments are written.</summary>
    public long Number { get; set; }
    public Guid PostId { get; set; }
    public Guid? ParentId { get; set; }
    /// <summary>The parent's `Number`, kept beside its key so a reply is answered without reading its parent.</summary>
    public long? ParentNumber { get; set; }
    /// <summary>The top-level comment of its thread (its own id when it is one): a page of threads is read by it.</summary>
    public Guid RootId { get; set; }
    public int Depth { get; set; }
    public Guid AuthorId { get; set; }
    public string AuthorUsername { get; set; } = "";
    public string Body { get; set; } = "";
    public CommentStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The revision of the last moderation verdict applied (0: none); older verdicts arriving late are ignored.</summary>
    public int ModerationRevision { get; set; }

    public bool IsHidden => Status is CommentStatus.Held or CommentStatus.Rejected;

    /// <summary>Why a reply to this comment is refused (for the `parentId` field), or null when it may be answered.</summary>
    public string? WhyNoReply => Status switch
    {
        CommentStatus.Deleted => "is not a comment of this post",
        not CommentStatus.Visible => "is a comment that is not shown (held for moderation or removed); it cannot be replied to",
        _ when Depth >= MaxDepth => $"is too deep to reply to (replies nest at most {MaxDepth} levels)",
        _ => null,
    };

    /// <summary>
    /// Shown in full to a viewer (null when signed out): visible, or the viewer's own held or rejected comment.
    /// An expression, so the database pages threads by the same rule the thread is drawn with.
    /// </summary>
    static readonly Expression<Func<Comment, Guid?, bool>> ShownInFull =
        (c, viewer) => c.Status == CommentStatus.Visible || ((c.Status == CommentStatus.Held || c.Status == CommentStatus.Rejected) && c.AuthorId == viewer);

    // Compiled once: compiling per thread read cost a JIT compilation on every read.
    static readonly Func<Comment, Guid?, bool> IsShownInFull = ShownInFull.Compile();

    public bool IsShownInFullTo(Guid? viewer) => IsShownInFull(this, viewer);

    /// <summary>
    /// The rule for one viewer, for a query: the viewer is read from a closure, so the database gets
    /// it as a parameter and the query plan is shared by every viewer.
    /// </summary>
    public static Expression<Func<Comment, bool>> ShownInFullTo(Guid? viewer)
    {
        Expression<Func<Guid?>> fromClosure = () => viewer;
        var body = new Substitution(ShownInFull.Parameters[1], fromClosure.Body).Visit(ShownInFull.Body);
        return Expression.Lambda<Func<Comment, bool>>(body, ShownInFull.Parameters[0]);
    }

    sealed class Substitution(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}

/// <summary>A reader's report of a comment, at most one per reader per comment.</summary>
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
