namespace Blog.Messaging.Inbox;

/// <summary>A message a consumer has handled; its key (message id, consumer) makes redeliveries no-ops.</summary>
public sealed class InboxMessage : Blog.ServiceDefaults.Caching.IBookkeepingRow
{
    public Guid MessageId { get; set; }
    public string Consumer { get; set; } = "";
    public DateTimeOffset ProcessedAt { get; set; }
}
