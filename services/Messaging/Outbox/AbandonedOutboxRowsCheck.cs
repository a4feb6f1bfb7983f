using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blog.Messaging.Outbox;

/// <summary>
/// Reports the outbox rows the relay abandoned (`outbox` in `/health`). Healthy with the count as
/// data, like parked messages: an abandoned row is for an operator, not a reason to take the
/// replica out of rotation. The count is looked up at most once a minute.
/// </summary>
sealed class AbandonedOutboxRowsCheck<TContext>(IServiceScopeFactory scopes, TimeProvider clock) : IHealthCheck
    where TContext : DbContext
{
    static readonly TimeSpan Freshness = TimeSpan.FromMinutes(1);
    // Two checks at once may both count: harmless, and simpler than a lock.
    volatile Snapshot? last;

    sealed record Snapshot(int Count, DateTimeOffset At);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var count = await CountAsync(cancellationToken);
        return HealthCheckResult.Healthy(count == 0 ? "no abandoned outbox rows" : $"{count} abandoned outbox rows",
            new Dictionary<string, object> { ["abandoned"] = count });
    }

    async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (last is { } known && now - known.At < Freshness) return known.Count;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var count = await db.Set<OutboxMessage>().CountAsync(m => m.AbandonedAt != null && m.SentAt == null, cancellationToken);
        last = new Snapshot(count, now);
        return count;
    }
}
