using Blog.ServiceDefaults.Caching;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Messaging.Inbox;

/// <summary>
/// Handles each message id once. The inbox row, the handler's changes and any outbox rows it writes
/// commit in one transaction, so a redelivery (after a crash, a lost ack, or a resend by the outbox
/// relay) changes nothing. Throwing rolls everything back and lets MassTransit retry, then park the
/// message in the `_error` queue. Derive from <see cref="InboxConsumer{TMessage,TContext}"/> (one
/// message a transaction) or <see cref="BatchedInboxConsumer{TMessage,TContext}"/> (many).
/// </summary>
public abstract class InboxHandler<TMessage, TContext>(TContext db)
    where TMessage : class
    where TContext : DbContext
{
    protected TContext Db { get; } = db;

    /// <summary>
    /// False when handling the message would change nothing, decided before any transaction: the message is
    /// then acknowledged without claiming it (a redelivery asks again), which spares the database three statements.
    /// </summary>
    protected virtual Task<bool> ConcernsUsAsync(TMessage message, CancellationToken cancellationToken) => Task.FromResult(true);

    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context, CancellationToken cancellationToken);

    /// <summary>The message in a transaction of its own.</summary>
    private protected async Task HandleAloneAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken)
    {
        if (!await ConcernsUsAsync(context.Message, cancellationToken)) return;
        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        await ClaimAndHandleAsync(context, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Claims the message in the open transaction and, unless it was handled already, applies and saves it.</summary>
    private protected async Task ClaimAndHandleAsync(ConsumeContext<TMessage> context, CancellationToken cancellationToken)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} without a message id cannot be de-duplicated.");
        // The primary key makes a concurrent duplicate wait for the first to commit, then find the row.
        // Bookkeeping: the claim alone (a duplicate, a handler that changes nothing) is no change readers see.
        var claimed = await Db.Database.ExecuteSqlRawAsync(
            Bookkeeping.SqlMark + "INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING",
            [messageId, GetType().FullName!], cancellationToken);
        if (claimed == 0) return;

        await HandleAsync(context.Message, context, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>An inbox consumer taking one message a transaction: for events whose latency matters more than their volume.</summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db) : InboxHandler<TMessage, TContext>(db), IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    public Task Consume(ConsumeContext<TMessage> context) => HandleAloneAsync(context, context.CancellationToken);
}

/// <summary>
/// An inbox consumer taking the messages waiting on its queue together, in one transaction (register it with
/// <see cref="MessagingExtensions.AddBatchedInboxConsumer{TConsumer}"/>): for the events that come with every
/// comment, where a transaction, a scope and a connection lease a message cost more than the handling.
/// Each message is still claimed and saved on its own inside the transaction, in the order received, and
/// the change tracker is cleared between them, so a handler sees the batch's earlier messages as committed.
/// If the batch fails (one bad message, a deadlock with another replica's batch), each message is handled
/// again in a transaction of its own, so the others are not held back; a message failing alone fails the
/// batch, whose messages MassTransit retries and parks as usual (the others are already claimed: no-ops).
/// </summary>
public abstract class BatchedInboxConsumer<TMessage, TContext>(TContext db) : InboxHandler<TMessage, TContext>(db), IConsumer<Batch<TMessage>>
    where TMessage : class
    where TContext : DbContext
{
    /// <summary>
    /// The row the handler locks when other transactions lock several such rows too (none by default: the batch
    /// keeps the order received). A batch is then handled in the order of these ids, the order every transaction
    /// locking several of them must take, so that two never wait on each other in a cycle.
    /// </summary>
    protected virtual Guid? LockedRow(TMessage message) => null;

    public async Task Consume(ConsumeContext<Batch<TMessage>> context)
    {
        var cancellationToken = context.CancellationToken;
        var concerning = new List<ConsumeContext<TMessage>>(context.Message.Length);
        foreach (var message in context.Message.OrderBy(m => LockedRow(m.Message)))
        {
            if (await ConcernsUsAsync(message.Message, cancellationToken)) concerning.Add(message);
        }
        if (concerning.Count == 0) return;

        try
        {
            await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var message in concerning)
            {
                await ClaimAndHandleAsync(message, cancellationToken);
                Db.ChangeTracker.Clear();
            }
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception batchFailure) when (concerning.Count > 1 && !cancellationToken.IsCancellationRequested)
        {
            LogContext.Warning?.Log(batchFailure, "A batch of {Count} {MessageType} failed; handling each on its own", concerning.Count, typeof(TMessage).Name);
            var failures = new List<Exception>();
            foreach (var message in concerning)
            {
                Db.ChangeTracker.Clear();
                try
                {
                    await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
                    await ClaimAndHandleAsync(message, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
                catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
                {
                    failures.Add(failure);
                }
            }
            if (failures.Count > 0) throw new AggregateException($"{failures.Count} of a batch of {concerning.Count} {typeof(TMessage).Name} failed", failures);
        }
    }
}
