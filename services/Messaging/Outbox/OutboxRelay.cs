using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blog.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox rows through MassTransit (with publisher confirms), oldest first per aggregate.
///
/// Each batch runs in one transaction holding a PostgreSQL advisory lock, so of several replicas
/// only one sends at a time: no row goes out twice at once and the order per aggregate holds.
/// Within a batch each aggregate's rows are a chain sent in order, and chains are sent side by side
/// (`Outbox:MaxInFlight`) with their confirms outstanding together. A row is marked sent only after
/// the broker confirmed it; a failure stops its chain there (the aggregate's rows behind it keep their
/// order) and the batch is retried with back-off. A crash between the
/// confirm and the commit resends the row with the same message id, which consumers' inboxes drop.
///
/// A row that can never go out is abandoned (kept, with its error, for an operator) so it stops
/// blocking the rows behind it: at once when its payload cannot be read, after
/// `Outbox:MaxAttempts` failures while the broker itself is reachable. Failures while the broker is
/// away never count: an outage must delay events, not lose them.
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBusControl bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    // Advisory locks are scoped to one database, and each service has its own: one key serves all.
    const long RelayLockKey = 0x626c_6f67_6f75_7478; // "blogoutx"

    static readonly Counter<long> Published = MessagingTelemetry.Meter.CreateCounter<long>("blog.outbox.published", description: "Outbox rows published and confirmed");
    static readonly Counter<long> Failures = MessagingTelemetry.Meter.CreateCounter<long>("blog.outbox.failures", description: "Failed outbox publish attempts");
    static readonly Counter<long> AbandonedRows = MessagingTelemetry.Meter.CreateCounter<long>("blog.outbox.abandoned", description: "Outbox rows abandoned as unsendable (an alert: each needs an operator)");
    static readonly ActivitySource Activities = new("Blog.Messaging");

    DateTimeOffset nextCleanup;

    // Failures of a row while the broker was reachable, by row id. Only rows a batch's chains stopped at
    // are here, so it holds a few entries; a restart of the relay starts the count again.
    readonly ConcurrentDictionary<long, int> rowFailures = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            BatchOutcome outcome;
            try
            {
                outcome = await DispatchBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Outbox relay of {Context} failed; retrying", typeof(TContext).Name);
                outcome = BatchOutcome.Failed;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            failures = outcome == BatchOutcome.Failed ? failures + 1 : 0;
            if (outcome == BatchOutcome.Full) continue;

            var wait = failures == 0
                ? options.Value.PollInterval
                : TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Min(failures, 6))));
            try
            {
                await signal.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    enum BatchOutcome { Drained, Full, Failed }

    async Task<BatchOutcome> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TryTakeRelayLockAsync(db, transaction, cancellationToken))
        {
            return BatchOutcome.Drained;
        }

        var batch = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null && m.AbandonedAt == null)
            .OrderBy(m => m.Id)
            .Take(options.Value.BatchSize)
            .ToListAsync(cancellationToken);

        var outcome = batch.Count == options.Value.BatchSize ? BatchOutcome.Full : BatchOutcome.Drained;
        // Each aggregate's rows go out one after another; different aggregates' rows go out together, so a
        // batch waits for about one broker confirm per row of its longest chain, not one per row.
        var chains = batch.GroupBy(row => row.AggregateId).Select(rows => rows.ToList()).ToList();
        var failed = 0;
        await Parallel.ForEachAsync(chains, new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxInFlight, CancellationToken = cancellationToken },
            async (chain, token) =>
            {
                foreach (var row in chain)
                {
                    if (!await TryPublishAsync(row, token))
                    {
                        Interlocked.Increment(ref failed);
                        return;
                    }
                }
            });
        if (failed > 0) outcome = BatchOutcome.Failed;

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        await CleanUpSentRowsAsync(db, cancellationToken);
        return outcome;
    }

    async Task<bool> TryPublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        var type = OutboxMessageTypes.Resolve(row.MessageType);
        if (type is null)
        {
            Abandon(row, $"Unknown message type {row.MessageType}");
            return true;
        }

        object message;
        try
        {
            message = JsonSerializer.Deserialize(row.Payload, type, OutboxMessageTypes.Json)
                ?? throw new JsonException("The payload is null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            Abandon(row, $"Unreadable payload for {type.Name}: {ex.Message}");
            return true;
        }

        using var activity = Activities.StartActivity("outbox publish", ActivityKind.Producer);
        activity?.SetTag("messaging.message.id", row.MessageId);
        activity?.SetTag("blog.aggregate.id", row.AggregateId);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.PublishTimeout);
            await bus.Publish(message, type, context =>
            {
                context.MessageId = row.MessageId;
                context.Headers.Set("Blog-Aggregate-Id", row.AggregateId);
            }, timeout.Token);

            row.SentAt = clock.GetUtcNow();
            row.Attempts++;
            rowFailures.TryRemove(row.Id, out _);
            Published.Add(1);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            row.Attempts++;
            row.LastError = Truncate(ex.Message, 2000);
            Failures.Add(1);
            if (BrokerAway(ex))
            {
                logger.LogWarning("Publishing outbox row {Id} ({Type}) failed with the broker away, will retry: {Reason}", row.Id, type.Name, ex.Message);
                return false;
            }

            var failures = rowFailures.AddOrUpdate(row.Id, 1, (_, n) => n + 1);
            if (failures >= options.Value.MaxAttempts)
            {
                Abandon(row, $"Failed {failures} times with the broker reachable: {ex.Message}");
                return true;
            }
            logger.LogWarning("Publishing outbox row {Id} ({Type}) failed ({Failures} of {MaxAttempts}), will retry: {Reason}",
                row.Id, type.Name, failures, options.Value.MaxAttempts, ex.Message);
            return false;
        }
    }

    /// <summary>A time-out or an unhealthy bus means the broker (or the way to it) is down, not that the row is bad.</summary>
    bool BrokerAway(Exception ex) =>
        ex is OperationCanceledException or TimeoutException || bus.CheckHealth().Status != BusHealthStatus.Healthy;

    void Abandon(OutboxMessage row, string reason)
    {
        row.AbandonedAt = clock.GetUtcNow();
        row.LastError = Truncate(reason, 2000);
        rowFailures.TryRemove(row.Id, out _);
        AbandonedRows.Add(1);
        logger.LogCritical("Outbox row {Id} ({MessageId}, {Type}) abandoned and never sent: {Reason}. The rows behind it go on; " +
            "fix the cause and set its abandoned_at back to NULL to send it", row.Id, row.MessageId, row.MessageType, reason);
    }

    async Task CleanUpSentRowsAsync(TContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now < nextCleanup) return;
        nextCleanup = now.AddMinutes(10);
        var cutoff = now - options.Value.Retention;
        await db.Set<OutboxMessage>().Where(m => m.SentAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        var inboxCutoff = now - options.Value.InboxRetention;
        await db.Set<Inbox.InboxMessage>().Where(m => m.ProcessedAt < inboxCutoff).ExecuteDeleteAsync(cancellationToken);
    }

    static async Task<bool> TryTakeRelayLockAsync(TContext db, IDbContextTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction.GetDbTransaction();
        command.CommandText = $"SELECT pg_try_advisory_xact_lock({RelayLockKey})";
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
