using Blog.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Blog.Identity.Infrastructure;

/// <summary>
/// Writes every suspension and security stamp from Identity's database into Redis at start-up and every
/// `Interval`: a Redis that lost its data (restarted without persistence, failed over) or a suspension
/// whose write to Redis failed is enforced again within minutes, not never.
/// </summary>
public sealed class RevocationListRebuilder(IServiceScopeFactory scopes, IConnectionMultiplexer redis, TimeProvider clock,
    ILogger<RevocationListRebuilder> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);
    const int Batch = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                await RebuildAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or Npgsql.NpgsqlException or TimeoutException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Could not rebuild the revocation list in Redis: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow();
        var database = redis.GetDatabase();
        Guid? after = null;
        while (true)
        {
            var page = await db.Users.AsNoTracking().Where(u => after == null || u.Id.CompareTo(after.Value) > 0).OrderBy(u => u.Id).Take(Batch)
                .Select(u => new { u.Id, u.SecurityStamp, u.SuspendedUntil }).ToListAsync(cancellationToken);
            if (page.Count == 0) return;
            var writes = new List<Task>(page.Count * 2);
            foreach (var user in page)
            {
                writes.Add(database.StringSetAsync(AccountRevocations.StampKey(user.Id.ToString()), user.SecurityStamp));
                if (user.SuspendedUntil is { } until && until > now)
                    writes.Add(database.StringSetAsync(AccountRevocations.SuspendedKey(user.Id.ToString()), until.ToUnixTimeSeconds(), until - now));
            }
            await Task.WhenAll(writes);
            after = page[^1].Id;
        }
    }
}
