using System.Text.Json;
using Blog.Contracts;
using Blog.Messaging.Inbox;
using Blog.Webhooks.Infrastructure;
using Blog.Webhooks.Model;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Webhooks.IntegrationEvents;

/// <summary>
/// The body every receiver gets: the event's id (its idempotency key), its webhook name, when it
/// happened, and the event itself as documented in docs/events.md.
/// </summary>
public sealed record WebhookBody<TEvent>(Guid Id, string Type, DateTimeOffset CreatedAt, TEvent Data);

/// <summary>
/// Turns one public event into a stored delivery for every enabled endpoint subscribed to it, in the
/// same transaction as the inbox row: a redelivered event adds nothing. Events are taken in batches
/// (a delivery leaves later anyway, from the dispatcher).
/// </summary>
public abstract class PublicEventConsumer<TEvent>(WebhooksDbContext db, TimeProvider clock) : BatchedInboxConsumer<TEvent, WebhooksDbContext>(db)
    where TEvent : class
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    static readonly string EventName = WebhookEvents.NameOf<TEvent>();

    bool? subscribed;

    /// <summary>Most events have no endpoint subscribed: a batch of those costs one query, not a transaction.</summary>
    protected override async Task<bool> ConcernsUsAsync(TEvent message, CancellationToken cancellationToken) =>
        subscribed ??= await Db.Endpoints.AnyAsync(e => e.Enabled && e.Events.Contains(EventName), cancellationToken);

    protected override async Task HandleAsync(TEvent message, ConsumeContext<TEvent> context, CancellationToken cancellationToken)
    {
        var endpoints = await Db.Endpoints.AsNoTracking()
            .Where(e => e.Enabled && e.Events.Contains(EventName)).Select(e => e.Id).ToListAsync(cancellationToken);
        if (endpoints.Count == 0) return;

        var now = clock.GetUtcNow();
        var eventId = context.MessageId!.Value;
        var body = JsonSerializer.Serialize(new WebhookBody<TEvent>(eventId, EventName, context.SentTime is { } sent ? new DateTimeOffset(sent, TimeSpan.Zero) : now, message), Json);
        foreach (var endpointId in endpoints)
        {
            Db.Deliveries.Add(new WebhookDelivery
            {
                Id = Guid.CreateVersion7(now), EndpointId = endpointId, EventId = eventId, EventType = EventName, Body = body,
                Status = DeliveryStatus.Pending, CreatedAt = now, NextAttemptAt = now,
            });
        }
    }
}

public sealed class PostPublishedConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<PostPublished>(db, clock);
public sealed class PostUpdatedConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<PostUpdated>(db, clock);
public sealed class PostUnpublishedConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<PostUnpublished>(db, clock);
public sealed class PostDeletedConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<PostDeleted>(db, clock);
public sealed class CommentCreatedConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<CommentCreated>(db, clock);
public sealed class UserRegisteredConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<UserRegistered>(db, clock);
public sealed class UserDeletedConsumer(WebhooksDbContext db, TimeProvider clock) : PublicEventConsumer<UserDeleted>(db, clock);
