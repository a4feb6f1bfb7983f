using Blog.ServiceDefaults.Caching;
using Blog.ServiceDefaults.Hosting;
using Blog.ServiceDefaults.Views;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Blog.Posts.Infrastructure;

/// <summary>
/// Moves view deltas from Redis into PostgreSQL, exactly once, with any number of Posts replicas.
///
/// Each round takes dirty posts (SPOP, so replicas share the work) and moves each post's delta
/// atomically (GETDEL inside a script) into a flush record in Redis named by a new flush id, and into
/// the post's in-flight count, which readers still add to the persisted count. The deltas are then
/// added in PostgreSQL in one transaction together with that flush id. Once committed, the content
/// version moves (every cached article is stale) and only then is the flush released: its record
/// dropped and its in-flight counts taken back, in one script, once. So no reader sees a flush's
/// views in neither place; one that loaded the article between the commit and the release sees them in
/// both, for those milliseconds. A flush interrupted by a crash or an outage is found again later (its
/// record is still in Redis): if its id is in PostgreSQL it was applied and is only released,
/// otherwise it is applied now.
///
/// A flush makes this service's cached articles stale (their persisted count moved), but not what
/// readers see (persisted plus pending is the same total): it is announced to the gateway only once
/// per `AnnounceInterval`.
/// </summary>
public sealed class ViewFlusher(
    IConnectionMultiplexer redis, IServiceScopeFactory scopes, ContentCache cache, IOptions<ViewCountingOptions> options,
    TimeProvider clock, ILogger<ViewFlusher> logger) : PeriodicWorker(options.Value.FlushInterval, clock, logger)
{
    DateTimeOffset lastAnnounced = DateTimeOffset.MinValue;

    // KEYS: the delta prefix, the flush record, the in-flight prefix; ARGV: the posts' ids.
    const string MoveScript = """
        for i, id in ipairs(ARGV) do
          local delta = redis.call('GETDEL', KEYS[1] .. id)
          if delta then
            redis.call('HSET', KEYS[2], id, delta)
            redis.call('INCRBY', KEYS[3] .. id, delta)
          end
        end
        return redis.call('HLEN', KEYS[2])
        """;

    // KEYS: the flush record, the in-flight prefix. Only the first release of a record takes its counts back.
    const string ReleaseScript = """
        local deltas = redis.call('HGETALL', KEYS[1])
        for i = 1, #deltas, 2 do
          local key = KEYS[2] .. deltas[i]
          if redis.call('DECRBY', key, deltas[i + 1]) <= 0 then redis.call('DEL', key) end
        end
        return redis.call('DEL', KEYS[1])
        """;

    // A flush younger than this may still be in progress in another replica.
    static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    string Prefix => options.Value.KeyPrefix;
    string InFlightPrefix => ViewCounter.InFlightKeyPrefix(Prefix);

    protected override string WorkName => "View flush";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    /// <summary>One round: finish abandoned flushes, then flush what is dirty now.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!redis.IsConnected) return;
        var db = redis.GetDatabase();
        await RecoverAbandonedAsync(db, cancellationToken);

        while (true)
        {
            var dirty = await db.SetPopAsync($"{Prefix}views:dirty", 200);
            if (dirty.Length == 0) return;
            var flushId = $"{Clock.GetUtcNow().ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}";
            RedisKey record = $"{Prefix}views:flush:{flushId}";
            await db.ScriptEvaluateAsync(MoveScript, [ViewCounter.DeltaKeyPrefix(Prefix), record, InFlightPrefix], dirty);
            await ApplyAsync(db, record, flushId, cancellationToken);
        }
    }

    async Task RecoverAbandonedAsync(IDatabase db, CancellationToken cancellationToken)
    {
        var cutoff = (Clock.GetUtcNow() - AbandonedAfter).ToUnixTimeMilliseconds();
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica) continue;
            await foreach (var key in server.KeysAsync(db.Database, $"{Prefix}views:flush:*", pageSize: 200))
            {
                var flushId = key.ToString()[($"{Prefix}views:flush:").Length..];
                if (long.TryParse(flushId.Split('-')[0], out var startedAt) && startedAt < cutoff)
                {
                    await ApplyAsync(db, key, flushId, cancellationToken);
                }
            }
        }
    }

    async Task InvalidateAsync()
    {
        var now = Clock.GetUtcNow();
        var announce = now - lastAnnounced >= options.Value.AnnounceInterval;
        await cache.InvalidateAsync(announce);
        if (announce) lastAnnounced = now;
    }

    async Task ApplyAsync(IDatabase db, RedisKey record, string flushId, CancellationToken cancellationToken)
    {
        var deltas = await db.HashGetAllAsync(record);
        if (deltas.Length > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            var posts = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
            await using var transaction = await posts.Database.BeginTransactionAsync(cancellationToken);
            var inserted = await posts.Database.ExecuteSqlRawAsync(
                Bookkeeping.SqlMark + "INSERT INTO view_flushes (id, flushed_at) VALUES ({0}, {1}) ON CONFLICT DO NOTHING", [flushId, Clock.GetUtcNow()], cancellationToken);
            if (inserted == 1)
            {
                // In id order, as a batch of comment counts locks posts (CommentCreatedConsumer): two never deadlock.
                foreach (var (articleId, delta) in deltas.Select(d => (Id: Guid.ParseExact(d.Name.ToString(), "N"), Delta: (long)d.Value)).OrderBy(d => d.Id))
                {
                    await posts.Database.ExecuteSqlRawAsync(
                        Bookkeeping.SqlMark + "UPDATE articles SET views_count = views_count + {0} WHERE id = {1}", [delta, articleId], cancellationToken);
                }
            }
            await transaction.CommitAsync(cancellationToken);
            // Also when another replica applied it: that one may have stopped before the version moved.
            await InvalidateAsync();
        }
        await db.ScriptEvaluateAsync(ReleaseScript, [record, InFlightPrefix]);
    }
}
