using Blog.Messaging.Projections;

namespace Blog.Notifications.Model;

// What Notifications knows of other services' data, from their events: enough to name and link what a
// notification is about, and to decide who hears of it.

/// <summary>An account (from Identity's profile events): its name now, and mentions resolved by name.</summary>
public sealed class KnownAccount : IProfileCopy
{
    public Guid UserId { get; set; }
    public string Username { get; set; } = "";
    /// <summary>The username upper-cased, as Identity compares them.</summary>
    public string NormalizedUsername { get; set; } = "";
    public DateTimeOffset? ProfileAsOf { get; set; }
}

/// <summary>A reader following a blogger (Identity's follow events).</summary>
public sealed class KnownFollow
{
    public Guid FollowerId { get; set; }
    public Guid FolloweeId { get; set; }
}

/// <summary>A post that was published (kept while unpublished, so a republication is no news; gone when deleted).</summary>
public sealed class KnownPost
{
    public Guid PostId { get; set; }
    public Guid AuthorId { get; set; }
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public bool Public { get; set; }
}

/// <summary>A comment: who wrote it where, the start of its text, and whether readers see it now.</summary>
public sealed class KnownComment
{
    public const int ExcerptLength = 200;

    public Guid CommentId { get; set; }
    public Guid PostId { get; set; }
    public Guid AuthorId { get; set; }
    /// <summary>
    /// Its author's username as the comment carries it: the name a notification gives when the author has no
    /// account here (a reply from the fediverse, by its handle).
    /// </summary>
    public string AuthorUsername { get; set; } = "";
    /// <summary>Its integer id in the API (the anchor on the post page).</summary>
    public long Number { get; set; }
    public string Excerpt { get; set; } = "";
    public bool Visible { get; set; }
    /// <summary>The count revision of the event that set `Visible` (Comments' events may arrive out of order).</summary>
    public long VisibilityRevision { get; set; }

    public static string ExcerptOf(string body) =>
        body.Length <= ExcerptLength ? body : string.Concat(body.AsSpan(0, ExcerptLength - 1), "…");
}
