namespace Blog.Messaging.Outbox;

/// <summary>
/// An integration event waiting to be published, stored in the same transaction as the state
/// change that raised it. `Id` is a sequence: the relay sends in that order.
/// </summary>
public sealed class OutboxMessage : Blog.ServiceDefaults.Caching.IBookkeepingRow
{
    public long Id { get; private set; }
    public Guid MessageId { get; private set; }
    public string AggregateId { get; private set; } = "";
    public string MessageType { get; private set; } = "";
    public string Payload { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; internal set; }
    public int Attempts { get; internal set; }
    public string? LastError { get; internal set; }

    /// <summary>
    /// Set when the row can never be sent (its type is gone, its payload unreadable, or the broker refuses
    /// it again and again): it stops blocking the rest and waits for an operator.
    /// </summary>
    public DateTimeOffset? AbandonedAt { get; internal set; }

    OutboxMessage() { }

    public static OutboxMessage Create<TMessage>(string aggregateId, TMessage message, TimeProvider? clock = null)
        where TMessage : class => new()
    {
        MessageId = Guid.CreateVersion7(),
        AggregateId = aggregateId,
        // The runtime type, not TMessage: an event passed as `object` must still travel as what it is.
        MessageType = OutboxMessageTypes.NameOf(message.GetType()),
        Payload = System.Text.Json.JsonSerializer.Serialize(message, message.GetType(), OutboxMessageTypes.Json),
        CreatedAt = (clock ?? TimeProvider.System).GetUtcNow(),
    };
}
