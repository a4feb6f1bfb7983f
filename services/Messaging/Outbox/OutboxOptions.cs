namespace Blog.Messaging.Outbox;

public sealed class OutboxOptions
{
    /// <summary>How often the relay looks for rows written by other replicas or left by a crash.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one publish may wait for the broker's confirm before the batch stops and is retried.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int BatchSize { get; set; } = 100;

    /// <summary>How many aggregates' rows a batch publishes at once, each waiting for its broker confirm.</summary>
    public int MaxInFlight { get; set; } = 32;

    /// <summary>
    /// A row failing this many times while the broker is reachable is abandoned (logged as critical,
    /// counted in `blog.outbox.abandoned`, reported by the `outbox` health check) so the rows behind it go on.
    /// </summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Sent rows are kept this long (for inspection), then deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Inbox rows (handled message ids) are kept this long, then deleted: far longer than any redelivery
    /// can come (parked messages come back within hours), so a duplicate is still recognised.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);
}
