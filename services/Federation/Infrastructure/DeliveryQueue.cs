using System.Text.Json.Nodes;
using Blog.Federation.Model;
using Microsoft.EntityFrameworkCore;

namespace Blog.Federation.Infrastructure;

/// <summary>Queues activities for remote inboxes, in the same transaction as the change they announce.</summary>
public static class DeliveryQueue
{
    /// <summary>One delivery of `activity` to each inbox, signed by `senderId` when sent.</summary>
    public static void Enqueue(this FederationDbContext db, Guid senderId, JsonObject activity, IEnumerable<string> inboxes, DateTimeOffset now)
    {
        var json = activity.ToJsonString();
        foreach (var inbox in inboxes.Distinct(StringComparer.Ordinal))
        {
            db.Deliveries.Add(new Delivery { Id = Guid.CreateVersion7(now), Inbox = inbox, SenderId = senderId, Activity = json, CreatedAt = now, NextAttemptAt = now });
        }
    }

    /// <summary>
    /// `activity` to every follower of `sender`, once per server where servers share an inbox; none to a
    /// blocked domain. Returns how many deliveries were queued.
    /// </summary>
    public static async Task<int> EnqueueToFollowersAsync(this FederationDbContext db, Guid senderId, JsonObject activity, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var followers = await db.Followers.AsNoTracking().Where(f => f.LocalUserId == senderId).Select(f => f.Actor).ToListAsync(cancellationToken);
        var blocked = await db.BlockedDomains.AsNoTracking().Select(b => b.Domain).ToListAsync(cancellationToken);
        var inboxes = followers.Where(f => !blocked.Any(domain => BlockedDomain.Covers(domain, f.Host))).Select(f => f.DeliveryInbox).Distinct().ToList();
        db.Enqueue(senderId, activity, inboxes, now);
        return inboxes.Count;
    }
}
