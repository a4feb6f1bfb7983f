namespace Blog.Notifications.Model;

/// <summary>
/// One thing that happened which a reader should hear of, in their inbox. What it is about (a post, a
/// comment, an account) is kept by key and read at display time from the copies this service keeps, so
/// a renamed post or account shows its name now, and a comment hidden since is not shown.
/// </summary>
public sealed class Notification
{
    public Guid Id { get; set; }
    public Guid RecipientId { get; set; }
    public string Kind { get; set; } = "";
    /// <summary>What it is about, for "each notification once": a comment, a post, a moderation case, an event.</summary>
    public Guid SubjectId { get; set; }
    /// <summary>Who did it (null for the staff's decisions, which name no one).</summary>
    public Guid? ActorId { get; set; }
    public Guid? PostId { get; set; }
    public Guid? CommentId { get; set; }
    /// <summary>The moderator's reason, for a held or rejected comment or a suspension.</summary>
    public string? Reason { get; set; }
    /// <summary>When a suspension ends.</summary>
    public DateTimeOffset? Until { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    /// <summary>When the mailer dealt with it (put it in a mail, or found the reader wants none of its kind).</summary>
    public DateTimeOffset? MailHandledAt { get; set; }
    /// <summary>Not to be looked at by the mailer before this (the reader's rate limit, the next digest, a comment hidden for now).</summary>
    public DateTimeOffset? MailAfter { get; set; }
}

/// <summary>The kinds of notification, by their names in the API.</summary>
public static class NotificationKinds
{
    /// <summary>Someone replied to my comment.</summary>
    public const string CommentReply = "comment-reply";
    /// <summary>Someone commented on my post.</summary>
    public const string PostComment = "post-comment";
    /// <summary>Someone named me (`@username`) in a comment.</summary>
    public const string Mention = "mention";
    /// <summary>A blogger I follow published a post.</summary>
    public const string FollowedPost = "followed-post";
    /// <summary>My comment is held until a moderator decides.</summary>
    public const string CommentHeld = "comment-held";
    /// <summary>A moderator approved my held comment.</summary>
    public const string CommentApproved = "comment-approved";
    /// <summary>My comment was rejected.</summary>
    public const string CommentRejected = "comment-rejected";
    /// <summary>My account is suspended until a time.</summary>
    public const string AccountSuspended = "account-suspended";
    /// <summary>My suspension was lifted.</summary>
    public const string AccountReinstated = "account-reinstated";

    public static readonly IReadOnlyList<string> All =
        [CommentReply, PostComment, Mention, FollowedPost, CommentHeld, CommentApproved, CommentRejected, AccountSuspended, AccountReinstated];

    /// <summary>Kinds about someone else's comment: shown only while that comment is shown to readers.</summary>
    public static readonly IReadOnlyList<string> AboutOthersComments = [CommentReply, PostComment, Mention];
}
