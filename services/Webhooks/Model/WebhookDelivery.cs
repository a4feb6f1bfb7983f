namespace Blog.Webhooks.Model;

public enum DeliveryStatus { Pending, Delivered, Failed, Cancelled }

/// <summary>
/// One event for one endpoint. The body is fixed when the event arrives, so every attempt sends the
/// same bytes (only the signature's timestamp changes); `EventId` is the receivers' idempotency key.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid EndpointId { get; set; }
    public Guid EventId { get; set; }
    public string EventType { get; set; } = "";
    public string Body { get; set; } = "";
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<DeliveryAttempt> AttemptLog { get; set; } = [];
}

/// <summary>What one HTTP attempt got: a status code, or the error (timeout, refused connection, refused address).</summary>
public sealed class DeliveryAttempt
{
    public long Id { get; set; }
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTimeOffset At { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}
