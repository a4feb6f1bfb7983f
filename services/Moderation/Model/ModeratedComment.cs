namespace Blog.Moderation.Model;

/// <summary>
/// What Moderation keeps of every comment (from `CommentCreated`/`CommentEdited`): the text and
/// author the rules and the queue show, the state its verdicts left it in, and the revision of its
/// last verdict, which every verdict event carries.
/// </summary>
public sealed class ModeratedComment
{
    public Guid CommentId { get; set; }
    /// <summary>The comment's integer id in the HTTP API (`CommentCreated.CommentNumber`; 0 for comments from before 1.3.0).</summary>
    public long Number { get; set; }
    public Guid PostId { get; set; }
    public Guid AuthorId { get; set; }
    public string AuthorUsername { get; set; } = "";
    public string Body { get; set; } = "";
    public string CopyKey { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public CommentState State { get; set; }
    public int VerdictRevision { get; set; }
}

public enum CommentState { Visible, Held, Rejected, Deleted }

/// <summary>
/// An account as Moderation knows it from Identity's events: for the new-account rule, suspensions by
/// username and the staff hierarchy (its roles).
/// </summary>
public sealed class KnownUser : Blog.Messaging.Projections.IProfileCopy
{
    public Guid UserId { get; set; }
    public string Username { get; set; } = "";
    public DateTimeOffset RegisteredAt { get; set; }
    public DateTimeOffset? ProfileAsOf { get; set; }
    public List<string> Roles { get; set; } = [];
    /// <summary>When the roles above were true: an older `UserRolesChanged` arriving late changes nothing.</summary>
    public DateTimeOffset? RolesAsOf { get; set; }
}
