using Blog.Notifications.Model;
using Blog.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Notifications.Infrastructure;

/// <summary>
/// Gathers notifications into mails for readers with a confirmed address, every `Mail:ComposeInterval`:
/// each kind as the reader chose (off, at once, in the daily digest); "at once" mails at most one per
/// `Mail:MinInterval` per reader (what comes meanwhile goes in the next one, together); nothing before
/// `Mail:HoldFor` has passed, so moderation can hold a comment first; never a comment readers cannot see.
/// The notifications and their readers' addresses are locked (`SKIP LOCKED`): replicas share the work and
/// no notification is put in two mails. The mails go into the queue <see cref="MailSender"/> sends.
/// </summary>
public sealed class MailComposer(IServiceScopeFactory scopes, IOptions<MailOptions> options, SiteAddresses site, TimeProvider clock, ILogger<MailComposer> logger)
    : PeriodicWorker(options.Value.ComposeInterval, clock, logger)
{
    const int Batch = 500;
    /// <summary>A notification about a comment hidden this long is not mailed at all.</summary>
    static readonly TimeSpan HiddenGiveUp = TimeSpan.FromDays(2);
    static readonly TimeSpan HiddenRecheck = TimeSpan.FromMinutes(1);

    protected override string WorkName => "Composing notification mail";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        while (await ComposeBatchAsync(db, cancellationToken) == Batch) db.ChangeTracker.Clear();
    }

    async Task<int> ComposeBatchAsync(NotificationsDbContext db, CancellationToken cancellationToken)
    {
        var mail = options.Value;
        var now = Clock.GetUtcNow();
        var heldUntil = now - mail.HoldFor;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Notifications.FromSql($"""
            SELECT n.* FROM notifications n JOIN mail_addresses a ON a.user_id = n.recipient_id
            WHERE n.mail_handled_at IS NULL AND a.verified_at IS NOT NULL AND n.created_at >= a.verified_at
              AND COALESCE(n.mail_after, n.created_at + {mail.HoldFor}) <= {now} AND n.created_at <= {heldUntil}
            ORDER BY n.created_at LIMIT {Batch}
            FOR UPDATE OF n, a SKIP LOCKED
            """).ToListAsync(cancellationToken);
        if (due.Count == 0) return 0;

        var readers = due.Select(n => n.RecipientId).Distinct().ToList();
        var addresses = await db.MailAddresses.Where(a => readers.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, cancellationToken);
        var preferences = await db.MailPreferences.AsNoTracking().Where(p => readers.Contains(p.UserId))
            .ToDictionaryAsync(p => (p.UserId, p.Kind), p => p.Delivery, cancellationToken);
        var lastInstant = await db.OutgoingMails.Where(m => readers.Contains(m.UserId) && m.Purpose == OutgoingMail.Instant)
            .GroupBy(m => m.UserId).Select(g => new { g.Key, Last = g.Max(m => m.CreatedAt) }).ToDictionaryAsync(x => x.Key, x => x.Last, cancellationToken);
        var items = await DescribeAsync(db, due, cancellationToken);
        var digestTime = new DateTimeOffset(now.UtcDateTime.Date.AddHours(mail.DigestHour), TimeSpan.Zero);
        if (digestTime > now) digestTime = digestTime.AddDays(-1);

        foreach (var notifications in due.GroupBy(n => n.RecipientId))
        {
            var address = addresses[notifications.Key];
            var instant = new List<Notification>();
            var daily = new List<Notification>();
            foreach (var notification in notifications)
            {
                var (item, shown) = items[notification.Id];
                var delivery = preferences.TryGetValue((notification.RecipientId, notification.Kind), out var chosen) ? chosen : MailDefaults.For(notification.Kind);
                if (delivery == MailDelivery.Off || (!shown && now - notification.CreatedAt > HiddenGiveUp)) notification.MailHandledAt = now;
                else if (!shown) notification.MailAfter = now + HiddenRecheck;
                else (delivery == MailDelivery.Instant ? instant : daily).Add(notification);
            }

            var nextInstant = lastInstant.TryGetValue(address.UserId, out var last) ? last + mail.MinInterval : now;
            if (instant.Count > 0 && nextInstant > now) instant.ForEach(n => n.MailAfter = nextInstant);
            else if (instant.Count > 0) Enqueue(db, address, [.. instant.Select(n => items[n.Id].Item)], digest: false, now, instant);

            var digestDone = address.LastDigestAt >= digestTime;
            if (daily.Count > 0 && digestDone) daily.ForEach(n => n.MailAfter = digestTime.AddDays(1));
            else if (daily.Count > 0)
            {
                Enqueue(db, address, [.. daily.Select(n => items[n.Id].Item)], digest: true, now, daily);
                address.LastDigestAt = now;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    void Enqueue(NotificationsDbContext db, MailAddress address, IReadOnlyList<MailItem> items, bool digest, DateTimeOffset now, List<Notification> handled)
    {
        var unsubscribe = site.Unsubscribe(address.UserId, address.UnsubscribeKey);
        var (subject, text, html) = MailText.Notifications(site.Name, items, digest, site.Settings, unsubscribe);
        db.OutgoingMails.Add(new OutgoingMail
        {
            Id = Guid.CreateVersion7(), UserId = address.UserId, To = address.Address, Subject = subject, TextBody = text, HtmlBody = html,
            UnsubscribeUrl = unsubscribe, Purpose = digest ? OutgoingMail.Digest : OutgoingMail.Instant, CreatedAt = now, NextAttemptAt = now,
        });
        handled.ForEach(n => n.MailHandledAt = now);
    }

    /// <summary>Each notification as a mail tells it, and whether readers may see what it is about now.</summary>
    async Task<Dictionary<Guid, (MailItem Item, bool Shown)>> DescribeAsync(NotificationsDbContext db, List<Notification> due, CancellationToken cancellationToken)
    {
        var actorIds = due.Where(n => n.ActorId != null).Select(n => n.ActorId!.Value).Distinct().ToList();
        var postIds = due.Where(n => n.PostId != null).Select(n => n.PostId!.Value).Distinct().ToList();
        var commentIds = due.Where(n => n.CommentId != null).Select(n => n.CommentId!.Value).Distinct().ToList();
        var actors = await db.Accounts.AsNoTracking().Where(a => actorIds.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, a => a.Username, cancellationToken);
        var posts = await db.Posts.AsNoTracking().Where(p => postIds.Contains(p.PostId)).ToDictionaryAsync(p => p.PostId, cancellationToken);
        var comments = await db.Comments.AsNoTracking().Where(c => commentIds.Contains(c.CommentId)).ToDictionaryAsync(c => c.CommentId, cancellationToken);

        return due.ToDictionary(n => n.Id, n =>
        {
            var post = n.PostId is { } p ? posts.GetValueOrDefault(p) : null;
            var comment = n.CommentId is { } c ? comments.GetValueOrDefault(c) : null;
            var shown = (n.PostId is null || post is { Public: true })
                && (!NotificationKinds.AboutOthersComments.Contains(n.Kind) || comment is { Visible: true });
            var link = post is null ? null : site.Of($"/articles/{post.Slug}" + (comment is null ? "" : $"#comment-{comment.Number}"));
            // An author without an account here (a reply from the fediverse) is named as its comment names it.
            var actor = n.ActorId is { } a ? actors.GetValueOrDefault(a) ?? (comment is { AuthorUsername.Length: > 0 } && comment.AuthorId == a ? comment.AuthorUsername : null) : null;
            var item = new MailItem(n.Kind, actor, post?.Title, link, comment?.Excerpt, n.Reason, n.Until);
            return (item, shown);
        });
    }
}
