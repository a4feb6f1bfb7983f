using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blog.Messaging.Outbox;

/// Wakes the relay as soon as this process commits an outbox row, so events leave in
/// milliseconds rather than at the next poll. Rows written by other replicas are found by polling.
public sealed class OutboxSignal : IDisposable
{
    readonly SemaphoreSlim pending = new(0, 1);

    public void Notify()
    {
        if (pending.CurrentCount == 0)
        {
            try { pending.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        pending.WaitAsync(timeout, cancellationToken);

    public void Dispose() => pending.Dispose();
}

/// Notifies after a SaveChanges that stored outbox rows, and after an explicit transaction commits
/// (rows saved inside it were invisible to the relay until then).
sealed class OutboxSignalInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null &&
            eventData.Context?.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity.SentAt is null) == true)
        {
            signal.Notify();
        }
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        signal.Notify();
        return Task.CompletedTask;
    }
}
