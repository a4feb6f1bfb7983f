using System.Security.Claims;
using Blog.Notifications.Infrastructure;
using Blog.Notifications.Model;
using Blog.ServiceDefaults.Api;
using Blog.ServiceDefaults.Authentication;
using Blog.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Blog.Notifications.Apis;

/// <summary>The signed-in reader's inbox: newest first, with how many are unread; marked read one by one or all at once.</summary>
public static class NotificationsApi
{
    public const int DefaultLimit = 20, MaxLimit = 100;

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        var notifications = app.MapGroup("/api/notifications").WithTags("Notifications").RequireAuthorization();
        notifications.MapGet("/", List).WithSummary("My notifications, newest first, with the unread count")
            .WithDescription("`limit` (1-100, 20) and `offset`; `unread=true` lists only unread ones. A notification about a comment hidden since, or a post no longer public, is not listed.");
        notifications.MapGet("/unread", Unread).WithSummary("How many of my notifications are unread (the site's header)");
        notifications.MapPost("/read", Read).WithSummary("Mark notifications read: `{\"ids\":[...]}` or `{\"all\":true}`")
            .WithDescription("Answers the unread count after. Ids of notifications that are not mine, or do not exist, are ignored.");
        app.MapGet("/api/notifications/kinds", () => TypedResults.Ok(new KindsResponse(NotificationKinds.All))).WithTags("Notifications")
            .WithSummary("The kinds of notification");
        return app;
    }

    static async Task<Results<Ok<NotificationsResponse>, UnprocessableEntity<ErrorsEnvelope>>> List(
        string? limit, string? offset, string? unread, ClaimsPrincipal user, NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var (take, skip) = Paging.Read(limit, offset, DefaultLimit, MaxLimit, errors);
        var onlyUnread = false;
        if (unread is not null && !bool.TryParse(unread, out onlyUnread)) errors.Add("unread", "must be true or false");
        if (errors.Any) return errors.ToResult();

        var shown = db.Shown(user.UserId()!.Value);
        var listed = onlyUnread ? shown.Where(n => n.ReadAt == null) : shown;
        var count = await listed.CountAsync(cancellationToken);
        var unreadCount = onlyUnread ? count : await shown.CountAsync(n => n.ReadAt == null, cancellationToken);
        var rows = await listed.OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Skip(skip).Take(take)
            .Select(n => new NotificationRow(n,
                db.Accounts.Where(a => a.UserId == n.ActorId).Select(a => a.Username).FirstOrDefault()
                    ?? db.Comments.Where(c => c.CommentId == n.CommentId && c.AuthorId == n.ActorId && c.AuthorUsername != "").Select(c => c.AuthorUsername).FirstOrDefault(),
                db.Posts.Where(p => p.PostId == n.PostId).Select(p => p.Slug).FirstOrDefault(),
                db.Posts.Where(p => p.PostId == n.PostId).Select(p => p.Title).FirstOrDefault(),
                db.Comments.Where(c => c.CommentId == n.CommentId).Select(c => (long?)c.Number).FirstOrDefault(),
                db.Comments.Where(c => c.CommentId == n.CommentId).Select(c => c.Excerpt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new NotificationsResponse([.. rows.Select(r => r.ToResponse())], count, unreadCount));
    }

    /// <summary>Asked by every signed-in page: kept per reader until any write to Notifications' database (one Redis read).</summary>
    static async Task<Ok<UnreadCountResponse>> Unread(ClaimsPrincipal user, NotificationsDbContext db, ContentCache cache, CancellationToken cancellationToken)
    {
        var me = user.UserId()!.Value;
        return TypedResults.Ok(new UnreadCountResponse(await cache.GetOrLoadAsync(new UnreadCountKey(me),
            () => db.Shown(me).CountAsync(n => n.ReadAt == null, cancellationToken))));
    }

    sealed record UnreadCountKey(Guid Reader);

    static async Task<Results<Ok<UnreadCountResponse>, UnprocessableEntity<ErrorsEnvelope>>> Read(
        MarkRead? body, ClaimsPrincipal user, NotificationsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (body is null || (body.All != true && body.Ids is not { Count: > 0 }))
            return ValidationErrors.For("ids", "must name at least one notification, or send \"all\": true");
        if (body.Ids is { Count: > MaxLimit }) return ValidationErrors.For("ids", $"may name at most {MaxLimit} notifications at once");

        var me = user.UserId()!.Value;
        var now = clock.GetUtcNow();
        var mine = db.Notifications.Where(n => n.RecipientId == me && n.ReadAt == null);
        if (body.All != true)
        {
            var ids = body.Ids!;
            mine = mine.Where(n => ids.Contains(n.Id));
        }
        await mine.ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), cancellationToken);
        return TypedResults.Ok(new UnreadCountResponse(await db.Shown(me).CountAsync(n => n.ReadAt == null, cancellationToken)));
    }

    /// <summary>
    /// What a reader's inbox shows: theirs, not about a post that is not public now, and not about someone
    /// else's comment that readers do not see now (held, rejected): its text is never shown.
    /// </summary>
    static IQueryable<Notification> Shown(this NotificationsDbContext db, Guid recipient) =>
        db.Notifications.AsNoTracking().Where(n => n.RecipientId == recipient
            && (n.PostId == null || db.Posts.Any(p => p.PostId == n.PostId && p.Public))
            && (!NotificationKinds.AboutOthersComments.Contains(n.Kind) || db.Comments.Any(c => c.CommentId == n.CommentId && c.Visible)));
}
