namespace Blog.Messaging.Inbox;

/// <summary>`Messaging:Batch:*`: how a <see cref="BatchedInboxConsumer{TMessage,TContext}"/> gathers its queue's messages.</summary>
public sealed class InboxBatchOptions
{
    /// <summary>The most messages a batch (one transaction) takes.</summary>
    public int MessageLimit { get; set; } = 32;

    /// <summary>
    /// How long a batch waits for more after its first message. Under load a batch fills while the one before
    /// it is handled, so this only delays a lone message, by at most this much.
    /// </summary>
    public TimeSpan TimeLimit { get; set; } = TimeSpan.FromMilliseconds(10);
}
