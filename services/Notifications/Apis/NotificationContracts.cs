using Blog.Notifications.Model;

namespace Blog.Notifications.Apis;

/// <summary>Who acted: the account's username now.</summary>
public sealed record NotificationActor(string Username);

/// <summary>The post it is about, as the site links it (`/articles/{slug}`).</summary>
public sealed record NotificationPost(string Slug, string Title);

/// <summary>The comment it is about: its integer id (the post page's `#comment-{id}`) and the start of its text.</summary>
public sealed record NotificationComment(long Id, string Excerpt);

/// <summary>
/// One notification: `kind` says what happened (see `GET /api/notifications/kinds`); `actor`, `post`,
/// `comment`, `reason` and `until` are there when the kind has them.
/// </summary>
public sealed record NotificationResponse(Guid Id, string Kind, DateTimeOffset CreatedAt, bool Read, NotificationActor? Actor,
    NotificationPost? Post, NotificationComment? Comment, string? Reason, DateTimeOffset? Until);

public sealed record NotificationsResponse(IReadOnlyList<NotificationResponse> Notifications, int NotificationsCount, int UnreadCount);

public sealed record UnreadCountResponse(int UnreadCount);

public sealed record KindsResponse(IReadOnlyList<string> Kinds);

/// <summary>`ids`: those to mark read; `all: true`: every one (the ids are then ignored).</summary>
public sealed record MarkRead(IReadOnlyList<Guid>? Ids, bool? All);

/// <summary>A row of the listing as read in one query (the notification and what it names).</summary>
sealed record NotificationRow(Notification Notification, string? ActorUsername, string? PostSlug, string? PostTitle, long? CommentNumber, string? CommentExcerpt)
{
    public NotificationResponse ToResponse() => new(Notification.Id, Notification.Kind, Notification.CreatedAt, Notification.ReadAt is not null,
        ActorUsername is { } actor ? new NotificationActor(actor) : null,
        PostSlug is { } slug ? new NotificationPost(slug, PostTitle ?? "") : null,
        CommentNumber is { } number ? new NotificationComment(number, CommentExcerpt ?? "") : null,
        Notification.Reason, Notification.Until);
}
