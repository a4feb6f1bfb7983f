using NpgsqlTypes;

namespace Blog.Posts.Model;

/// <summary>A draft and a scheduled post are seen by their author only; a scheduled one becomes public at its `PublishAt`.</summary>
public enum ArticleStatus { Draft, Published, Scheduled }

/// <summary>A post. Its slug may change with its title; every slug it ever had keeps leading to it.</summary>
public sealed class Article
{
    public Guid Id { get; set; }

    /// <summary>Everyone sees a published article; a draft or a scheduled one only its author.</summary>
    public bool IsVisibleTo(Guid? reader) => Status == ArticleStatus.Published || AuthorId == reader;
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string Body { get; set; } = "";
    public string BodyHtml { get; set; } = "";
    public Guid AuthorId { get; set; }
    public Author? Author { get; set; }
    public Guid? CategoryId { get; set; }
    public Category? Category { get; set; }
    public List<string> Tags { get; set; } = [];
    public ArticleStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    /// <summary>When a scheduled post becomes public; null in every other status.</summary>
    public DateTimeOffset? PublishAt { get; set; }

    /// <summary>Set while moderators hold the post down: it stays a draft its author cannot publish until it is restored.</summary>
    public DateTimeOffset? TakenDownAt { get; set; }
    public string? TakenDownBy { get; set; }
    public string? TakedownReason { get; set; }
    /// <summary>Whether restoring makes it public again.</summary>
    public bool PublishedWhenTakenDown { get; set; }
    public bool IsTakenDown => TakenDownAt is not null;

    /// <summary>Takes the post down; true when it was public (and so is unpublished now).</summary>
    public bool TakeDown(string reason, string by, DateTimeOffset now)
    {
        PublishedWhenTakenDown = Status == ArticleStatus.Published;
        (TakenDownAt, TakenDownBy, TakedownReason) = (now, by, reason);
        MoveTo(ArticleStatus.Draft, null);
        UpdatedAt = now;
        return PublishedWhenTakenDown;
    }

    /// <summary>Made public: it keeps the date it was first published. PostgreSQL keeps microseconds, so the
    /// date is cut to them: the first event carries it as it will be read back.</summary>
    public void MarkPublished(DateTimeOffset now) => PublishedAt ??= now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond));

    /// <summary>Moves the post to `status`; a scheduled post keeps `publishAt`, every other status drops it.</summary>
    public void MoveTo(ArticleStatus status, DateTimeOffset? publishAt)
    {
        Status = status;
        PublishAt = status == ArticleStatus.Scheduled ? publishAt : null;
    }

    /// <summary>Lifts the take-down; true when the post becomes public again.</summary>
    public bool Restore(DateTimeOffset now)
    {
        var republish = PublishedWhenTakenDown;
        (TakenDownAt, TakenDownBy, TakedownReason, PublishedWhenTakenDown) = (null, null, null, false);
        if (republish) Status = ArticleStatus.Published;
        UpdatedAt = now;
        return republish;
    }

    /// <summary>Views flushed from Redis; the live count adds Redis's pending delta.</summary>
    public long ViewsCount { get; set; }
    public int CommentsCount { get; set; }
    /// <summary>The `CountRevision` of the Comments event `CommentsCount` was taken from; older events change nothing.</summary>
    public long CommentsCountRevision { get; set; }
    public int LikesCount { get; set; }
    public int HandshakesCount { get; set; }
    public NpgsqlTsVector? SearchVector { get; set; }

    /// <summary>The number of reactions of every kind (shown as "Popularity N").</summary>
    public int Popularity => LikesCount + HandshakesCount;
}

/// <summary>Every slug an article has had, so old links keep working after a title edit.</summary>
public sealed class ArticleSlug
{
    public string Slug { get; set; } = "";
    public Guid ArticleId { get; set; }
}

/// <summary>Who reacted how; `like` is RealWorld's favorite.</summary>
public sealed class Reaction
{
    public Guid ArticleId { get; set; }
    public Guid UserId { get; set; }
    public string Kind { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A like from an account on another ActivityPub server (Federation's `RemotePostLiked`), kept apart from local accounts.</summary>
public sealed class RemoteReaction
{
    public Guid ArticleId { get; set; }
    /// <summary>The remote account's ActivityPub id.</summary>
    public string ActorId { get; set; } = "";
    /// <summary>`@name@host`, shown among who reacted.</summary>
    public string Handle { get; set; } = "";
    public string? ProfileUrl { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public static class ReactionKinds
{
    public const string Like = "like";
    public const string Handshake = "handshake";
    public static readonly IReadOnlySet<string> All = new HashSet<string>([Like, Handshake], StringComparer.Ordinal);
}

/// <summary>Identity's accounts as Posts knows them, from `UserRegistered` and `UserProfileUpdated`.</summary>
public sealed class Author : Blog.Messaging.Projections.IProfileCopy
{
    public Guid Id { get; set; }
    public string Username { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Bio { get; set; } = "";
    public string? Image { get; set; }
    /// <summary>Null for a row made from a token before any profile event.</summary>
    public DateTimeOffset? ProfileAsOf { get; set; }
}

/// <summary>Who follows whom, from `UserFollowed` and `UserUnfollowed` (for the feed and `following`).</summary>
public sealed class AuthorFollow
{
    public Guid FollowerId { get; set; }
    public Guid FolloweeId { get; set; }
}

public sealed class Category
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
}
