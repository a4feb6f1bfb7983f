using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Blog.Messaging.Outbox;

/// <summary>
/// Wakes the relay as soon as this process commits an outbox row, so events leave in
/// milliseconds rather than at the next poll. Rows written by other replicas are found by polling.
/// </summary>
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

/// <summary>
/// Notifies once a change that added outbox rows is committed: after its SaveChanges, or after
/// its explicit transaction commits (rows saved inside it are invisible to the relay until then).
/// Only added rows count: the relay's own commits (marking rows sent) must not wake it again.
/// </summary>
sealed class OutboxSignalInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    static readonly object Marker = new();
    readonly ConditionalWeakTable<DbContext, object> withNewRows = new();

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added))
        {
            withNewRows.AddOrUpdate(context, Marker);
        }
        return ValueTask.FromResult(result);
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null && withNewRows.Remove(context))
        {
            signal.Notify();
        }
        return ValueTask.FromResult(result);
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && withNewRows.Remove(context))
        {
            signal.Notify();
        }
        return Task.CompletedTask;
    }
}
