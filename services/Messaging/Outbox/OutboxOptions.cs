namespace Blog.Messaging.Outbox;

public sealed class OutboxOptions
{
    /// How often the relay looks for rows written by other replicas or left by a crash.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// How long one publish may wait for the broker's confirm before the batch stops and is retried.
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public int BatchSize { get; set; } = 100;

    /// A row failing this many times while the broker is reachable is abandoned (logged as critical,
    /// counted in `blog.outbox.abandoned`, reported by the `outbox` health check) so the rows behind it go on.
    public int MaxAttempts { get; set; } = 10;

    /// Sent rows are kept this long (for inspection), then deleted.
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// Inbox rows (handled message ids) are kept this long, then deleted: far longer than any redelivery
    /// can come (parked messages come back within hours), so a duplicate is still recognised.
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(30);
}
