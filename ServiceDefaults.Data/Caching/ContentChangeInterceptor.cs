using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Blog.ServiceDefaults.Caching;

/// <summary>
/// Tells the content cache after every committed write to the service's database: SaveChanges,
/// ExecuteUpdate, ExecuteDelete and SQL, alone or in a transaction (then at its commit). Saving only
/// bookkeeping rows (the relay marking outbox rows sent) or SQL starting with `Bookkeeping.SqlMark`
/// (an inbox claim) changes nothing a reader sees and is left out.
/// </summary>
sealed class ContentChangeInterceptor(ContentCache cache) : ISaveChangesInterceptor, IDbCommandInterceptor, IDbTransactionInterceptor
{
    readonly ConditionalWeakTable<DbTransaction, object> wroteIn = [];
    readonly ConditionalWeakTable<DbContext, object> savingContent = [];

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Saved(eventData.Context)) await cache.InvalidateAsync();
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Saved(eventData.Context)) cache.InvalidateAsync().GetAwaiter().GetResult();
        return result;
    }

    public async ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Wrote(command)) await cache.InvalidateAsync();
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        if (Wrote(command)) cache.InvalidateAsync().GetAwaiter().GetResult();
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (wroteIn.Remove(transaction)) await cache.InvalidateAsync();
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (wroteIn.Remove(transaction)) cache.InvalidateAsync().GetAwaiter().GetResult();
    }

    void Note(DbContext? context)
    {
        if (context is null) return;
        var content = context.ChangeTracker.Entries().Any(entry =>
            entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && entry.Entity is not IBookkeepingRow);
        if (!content) return;
        if (context.Database.CurrentTransaction?.GetDbTransaction() is { } transaction) wroteIn.AddOrUpdate(transaction, this);
        else savingContent.AddOrUpdate(context, this);
    }

    bool Saved(DbContext? context) => context is not null && savingContent.Remove(context);

    /// <summary>True when the write is already committed (no transaction); in a transaction, noted for its commit.</summary>
    bool Wrote(DbCommand command)
    {
        if (command.CommandText.StartsWith(Bookkeeping.SqlMark, StringComparison.Ordinal)) return false;
        if (command.Transaction is null) return true;
        wroteIn.AddOrUpdate(command.Transaction, this);
        return false;
    }
}
