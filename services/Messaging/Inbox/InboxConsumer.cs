using Blog.ServiceDefaults.Caching;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Blog.Messaging.Inbox;

/// <summary>
/// A consumer that handles each message id once. The inbox row, the handler's changes and any
/// outbox rows it writes commit in one transaction, so a redelivery (after a crash, a lost ack,
/// or a resend by the outbox relay) changes nothing. Throwing rolls everything back and lets
/// MassTransit retry, then park the message in the `_error` queue.
/// </summary>
public abstract class InboxConsumer<TMessage, TContext>(TContext db) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    protected TContext Db { get; } = db;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId
            ?? throw new InvalidOperationException($"A {typeof(TMessage).Name} without a message id cannot be de-duplicated.");
        var consumer = GetType().FullName!;
        var cancellationToken = context.CancellationToken;
        if (!await ConcernsUsAsync(context.Message, cancellationToken)) return;

        await using var transaction = await Db.Database.BeginTransactionAsync(cancellationToken);
        // The primary key makes a concurrent duplicate wait for the first to commit, then find the row.
        // Bookkeeping: the claim alone (a duplicate, a handler that changes nothing) is no change readers see.
        var claimed = await Db.Database.ExecuteSqlRawAsync(
            Bookkeeping.SqlMark + "INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({0}, {1}, now()) ON CONFLICT DO NOTHING",
            [messageId, consumer], cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        await HandleAsync(context.Message, context, cancellationToken);
        await Db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// False when handling the message would change nothing, decided before any transaction: the message is
    /// then acknowledged without claiming it (a redelivery asks again), which spares the database three statements.
    /// </summary>
    protected virtual Task<bool> ConcernsUsAsync(TMessage message, CancellationToken cancellationToken) => Task.FromResult(true);

    protected abstract Task HandleAsync(TMessage message, ConsumeContext<TMessage> context, CancellationToken cancellationToken);
}
