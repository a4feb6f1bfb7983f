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
/// record is still in Redis, its id in the open flushes' sorted set, scored by its start): if its id is
/// in PostgreSQL it was applied and is only released, otherwise it is applied now. Finding them never
/// walks the keyspace, which holds a key per viewer and post (30 minutes): only once per Redis, for
/// records written before flushes were registered.
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

    // KEYS: the delta prefix, the flush record, the in-flight prefix, the open flushes; ARGV: the flush id,
    // its start (ms), then the posts' ids.
    const string MoveScript = """
        for i = 3, #ARGV do
          local id = ARGV[i]
          local delta = redis.call('GETDEL', KEYS[1] .. id)
          if delta then
            redis.call('HSET', KEYS[2], id, delta)
            redis.call('INCRBY', KEYS[3] .. id, delta)
          end
        end
        local moved = redis.call('HLEN', KEYS[2])
        if moved > 0 then redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1]) end
        return moved
        """;

    // KEYS: the flush record, the in-flight prefix, the open flushes; ARGV: the flush id. Only the first
    // release of a record takes its counts back.
    const string ReleaseScript = """
        local deltas = redis.call('HGETALL', KEYS[1])
        for i = 1, #deltas, 2 do
          local key = KEYS[2] .. deltas[i]
          if redis.call('DECRBY', key, deltas[i + 1]) <= 0 then redis.call('DEL', key) end
        end
        redis.call('ZREM', KEYS[3], ARGV[1])
        return redis.call('DEL', KEYS[1])
        """;

    // A flush younger than this may still be in progress in another replica.
    static readonly TimeSpan AbandonedAfter = TimeSpan.FromSeconds(30);

    string Prefix => options.Value.KeyPrefix;

    /// <summary>The flushes moved out of the pending counts and not yet released: a sorted set of flush ids by start (ms).</summary>
    public static string OpenFlushesKey(string keyPrefix) => $"{keyPrefix}views:flushes";

    /// <summary>A flush's record: the posts' ids and the views it moved.</summary>
    public static string FlushRecordKey(string keyPrefix, string flushId) => $"{FlushRecordPrefix(keyPrefix)}{flushId}";

    static string FlushRecordPrefix(string keyPrefix) => $"{keyPrefix}views:flush:";

    /// <summary>Set once the keyspace was searched for records from before flushes were registered.</summary>
    public static string UnregisteredSearchedKey(string keyPrefix) => $"{keyPrefix}views:flushes:searched";
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
            var startedAt = Clock.GetUtcNow().ToUnixTimeMilliseconds();
            var flushId = $"{startedAt}-{Guid.NewGuid():N}";
            RedisKey record = FlushRecordKey(Prefix, flushId);
            await db.ScriptEvaluateAsync(MoveScript, [ViewCounter.DeltaKeyPrefix(Prefix), record, InFlightPrefix, OpenFlushesKey(Prefix)],
                [flushId, startedAt, .. dirty]);
            await ApplyAsync(db, record, flushId, cancellationToken);
        }
    }

    async Task RecoverAbandonedAsync(IDatabase db, CancellationToken cancellationToken)
    {
        await RegisterUnregisteredAsync(db);
        var cutoff = (Clock.GetUtcNow() - AbandonedAfter).ToUnixTimeMilliseconds();
        foreach (var flushId in await db.SortedSetRangeByScoreAsync(OpenFlushesKey(Prefix), stop: cutoff, exclude: Exclude.Stop))
        {
            await ApplyAsync(db, FlushRecordKey(Prefix, flushId!), flushId!, cancellationToken);
        }
    }

    /// <summary>Registers records left from before flushes were registered: one search of the keyspace per Redis.</summary>
    async Task RegisterUnregisteredAsync(IDatabase db)
    {
        if (await db.KeyExistsAsync(UnregisteredSearchedKey(Prefix))) return;
        var recordPrefix = FlushRecordPrefix(Prefix);
        foreach (var endpoint in redis.GetEndPoints())
        {
            var server = redis.GetServer(endpoint);
            if (server.IsReplica) continue;
            await foreach (var key in server.KeysAsync(db.Database, $"{recordPrefix}*", pageSize: 1000))
            {
                var flushId = key.ToString()[recordPrefix.Length..];
                if (long.TryParse(flushId.Split('-')[0], out var startedAt)) await db.SortedSetAddAsync(OpenFlushesKey(Prefix), flushId, startedAt);
            }
        }
        await db.StringSetAsync(UnregisteredSearchedKey(Prefix), 1);
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
        await db.ScriptEvaluateAsync(ReleaseScript, [record, InFlightPrefix, OpenFlushesKey(Prefix)], [flushId]);
    }
}
