using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Blog.Posts.Infrastructure;
using Blog.ServiceDefaults.Views;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Posts.Tests;

public sealed class ViewCountingTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    static async Task ReadAsync(HttpClient client, string slug, string? viewer = null, string? token = null, string userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        if (viewer is not null) request.Headers.Add("X-Viewer-Id", viewer);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        request.Headers.UserAgent.ParseAdd(userAgent);
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    Task<long> PersistedViewsAsync(string slug) =>
        fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug);

    async Task<long> ShownViewsAsync(string slug) =>
        (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}?", null, scheme: "Token")).Body.GetProperty("article").GetProperty("viewsCount").GetInt64();

    [Fact]
    public async Task Each_viewer_counts_once_in_the_window_and_crawlers_never()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString()!;

        await ReadAsync(fixture.Client, slug, token: reader.Token);
        await ReadAsync(fixture.Client, slug, token: reader.Token);
        await ReadAsync(fixture.Client, slug, viewer: "anonymous-1");
        await ReadAsync(fixture.Client, slug, viewer: "anonymous-1");
        await ReadAsync(fixture.Client, slug, viewer: "anonymous-2");
        await ReadAsync(fixture.Client, slug, viewer: "crawler", userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");

        await Eventually.TrueAsync(async () => await PersistedViewsAsync(slug) == 3, "3 views to be flushed to PostgreSQL");
        using var check = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        check.Headers.Add("X-Viewer-Id", "anonymous-1");
        using var response = await fixture.Client.SendAsync(check);
        var shown = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("article").GetProperty("viewsCount").GetInt64();
        Assert.Equal(3, shown);
    }

    [Fact]
    public async Task Concurrent_readers_on_two_Posts_instances_are_counted_exactly_once_each_after_the_flush()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString()!;
        await using var second = fixture.StartAnotherInstance();
        using var secondClient = second.CreateClient();
        const int viewers = 60;

        await Task.WhenAll(Enumerable.Range(0, viewers * 3).Select(i =>
            ReadAsync(i % 2 == 0 ? fixture.Client : secondClient, slug, viewer: $"viewer-{i % viewers}")));

        await Eventually.TrueAsync(async () => await PersistedViewsAsync(slug) == viewers, $"{viewers} views to be flushed");
        await ReadAsync(fixture.Client, slug, viewer: "viewer-0");
        Assert.Equal(viewers, await PersistedViewsAsync(slug));
    }
}

/// Posts on a Redis of its own, which the test stops and starts.
public sealed class PrivateRedisPostsFixture() : PostsOnPrivateServerFixture(
    new Dictionary<string, string?> { ["ConnectionStrings:redis"] = $"127.0.0.1:{RedisPort}" }, () => PrivateServer.StartRedisAsync(RedisPort))
{
    public const int RedisPort = Blog.Topology.Ports.TestRedisOutage;
    public PrivateServer Redis => Server;
}

public sealed class RedisOutageTests(PrivateRedisPostsFixture fixture) : IClassFixture<PrivateRedisPostsFixture>
{
    [Fact]
    public async Task With_Redis_down_reads_answer_with_the_persisted_count_and_counting_resumes_when_it_returns()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString()!;
        using (var first = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}"))
        {
            first.Headers.Add("X-Viewer-Id", "before");
            (await fixture.Client.SendAsync(first)).Dispose();
        }
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug) == 1, "the first view to be flushed");

        await fixture.Redis.StopAsync();
        var during = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null);

        Assert.Equal(HttpStatusCode.OK, during.Status);
        Assert.Equal(1, during.Body.GetProperty("article").GetProperty("viewsCount").GetInt64());

        await fixture.Redis.StartAsync();
        await Eventually.TrueAsync(async () =>
        {
            using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
            again.Headers.Add("X-Viewer-Id", $"after-{Guid.NewGuid():N}");
            (await fixture.Client.SendAsync(again)).Dispose();
            return await fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug) >= 2;
        }, "counting to resume after Redis returns", TimeSpan.FromSeconds(60));
    }
}

/// What a Posts replica that crashed in the middle of a flush leaves in Redis (what its move script
/// wrote: the flush record and the posts' in-flight counts), found and finished by another.
public sealed class InterruptedFlushTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    async Task<(Guid Id, string Slug, string Author)> NewArticleAsync()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString()!;
        return (await fixture.Database!.ScalarAsync<Guid>("SELECT id FROM articles WHERE slug = $1", slug), slug, author.Username);
    }

    (StackExchange.Redis.IDatabase Redis, string Prefix) Redis() =>
        (fixture.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase(),
         fixture.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ViewCountingOptions>>().Value.KeyPrefix);

    /// A flush started `ago`: the running flusher takes it over once it is 30 s old.
    static string FlushIdStarted(TimeSpan ago) => $"{DateTimeOffset.UtcNow.Subtract(ago).ToUnixTimeMilliseconds()}-{Guid.NewGuid():N}";

    static string AbandonedFlushId() => FlushIdStarted(TimeSpan.FromMinutes(5));

    /// What the move script writes: the record, the post's in-flight count and, unless `registered` is false (a
    /// record from before flushes were registered), the flush among the open ones, scored by its start.
    async Task<string> LeaveFlushAsync(Guid id, long views, string flushId, bool registered = true)
    {
        var (redis, prefix) = Redis();
        var record = ViewFlusher.FlushRecordKey(prefix, flushId);
        await redis.HashSetAsync(record, id.ToString("N"), views);
        await redis.StringIncrementAsync(InFlightKey(id), views);
        if (registered) await redis.SortedSetAddAsync(ViewFlusher.OpenFlushesKey(prefix), flushId, long.Parse(flushId.Split('-')[0]));
        return record;
    }

    string InFlightKey(Guid id) => ViewCounter.InFlightKeyPrefix(Redis().Prefix) + id.ToString("N");

    /// The count a reader is shown on the article (read as a crawler, which is not counted) and in a list.
    async Task<(long Article, long Listed)> ShownViewsAsync(string slug, string author)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        request.Headers.UserAgent.ParseAdd("Googlebot/2.1");
        using var response = await fixture.Client.SendAsync(request);
        var article = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author}", null);
        return (article.GetProperty("article").GetProperty("viewsCount").GetInt64(), list.GetProperty("articles")[0].GetProperty("viewsCount").GetInt64());
    }

    [Fact]
    public async Task Views_in_a_flush_not_yet_committed_are_shown_before_and_after_it_is_finished()
    {
        var (id, slug, author) = await NewArticleAsync();
        Assert.Equal((0L, 0L), await ShownViewsAsync(slug, author));
        // Moved out of the pending count by a flush that has not committed (and whose replica then stopped).
        var record = await LeaveFlushAsync(id, 5, FlushIdStarted(TimeSpan.FromSeconds(20)));

        Assert.Equal((5L, 5L), await ShownViewsAsync(slug, author));
        var (redis, _) = Redis();
        await Eventually.TrueAsync(async () => !await redis.KeyExistsAsync(record), "the flush to be taken over", TimeSpan.FromSeconds(60));
        Assert.Equal(5, await fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug));
        Assert.False(await redis.KeyExistsAsync(InFlightKey(id)));
        Assert.Equal((5L, 5L), await ShownViewsAsync(slug, author));
    }

    [Fact]
    public async Task A_flush_left_unapplied_by_a_crash_is_applied_once_by_a_running_instance()
    {
        var (id, slug, author) = await NewArticleAsync();
        var record = await LeaveFlushAsync(id, 7, AbandonedFlushId());

        await Eventually.TrueAsync(async () => !await Redis().Redis.KeyExistsAsync(record), "the abandoned flush to be taken over");
        Assert.Equal(7, await fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug));
        Assert.Equal((7L, 7L), await ShownViewsAsync(slug, author));
    }

    [Fact]
    public async Task A_flush_left_from_before_flushes_were_registered_is_found_and_applied_once()
    {
        var (id, slug, author) = await NewArticleAsync();
        var (redis, prefix) = Redis();
        // As after an upgrade: the keyspace not searched yet, a record that no open-flush entry names.
        await Eventually.TrueAsync(() => redis.KeyExistsAsync(ViewFlusher.UnregisteredSearchedKey(prefix)), "the first round to have searched");
        var record = await LeaveFlushAsync(id, 3, AbandonedFlushId(), registered: false);
        await redis.KeyDeleteAsync(ViewFlusher.UnregisteredSearchedKey(prefix));

        await Eventually.TrueAsync(async () => !await redis.KeyExistsAsync(record), "the unregistered flush to be found and taken over", TimeSpan.FromSeconds(60));
        Assert.Equal(3, await fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug));
        Assert.Equal((3L, 3L), await ShownViewsAsync(slug, author));
        Assert.Equal(0, await redis.SortedSetLengthAsync(ViewFlusher.OpenFlushesKey(prefix)));
    }

    [Fact]
    public async Task Flush_rounds_find_open_flushes_without_searching_the_keyspace()
    {
        // Redis holds a key per viewer and post for 30 minutes: a search of the keyspace every round costs it
        // in proportion to the readers. Every command is logged meanwhile (the slow log with no threshold).
        var (id, slug, _) = await NewArticleAsync();
        var (redis, prefix) = Redis();
        await Eventually.TrueAsync(() => redis.KeyExistsAsync(ViewFlusher.UnregisteredSearchedKey(prefix)), "the first round to have searched once");
        var options = StackExchange.Redis.ConfigurationOptions.Parse(TestInfrastructure.Redis);
        options.AllowAdmin = true;
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var flusher = fixture.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<ViewFlusher>().Single();
        var threshold = (await server.ConfigGetAsync("slowlog-log-slower-than")).Single().Value;
        var length = (await server.ConfigGetAsync("slowlog-max-len")).Single().Value;
        StackExchange.Redis.CommandTrace[] commands;
        try
        {
            await server.ConfigSetAsync("slowlog-max-len", 1_000_000);
            await server.ConfigSetAsync("slowlog-log-slower-than", 0);
            await server.SlowlogResetAsync();
            for (var round = 0; round < 3; round++)
            {
                await LeaveFlushAsync(id, 1, AbandonedFlushId());
                await flusher.FlushAsync(CancellationToken.None);
            }
            commands = await server.SlowlogGetAsync(1_000_000);
        }
        finally
        {
            await server.ConfigSetAsync("slowlog-log-slower-than", threshold);
            await server.ConfigSetAsync("slowlog-max-len", length);
        }

        var ours = commands.Where(c => c.Arguments.Any(a => a.ToString().StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.Contains(ours, c => c.Arguments[0].ToString().StartsWith("ZRANGE", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(ours, c => c.Arguments[0].ToString() is var name && (name.Equals("SCAN", StringComparison.OrdinalIgnoreCase) || name.Equals("KEYS", StringComparison.OrdinalIgnoreCase)));
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug) == 3,
            "the three abandoned flushes to be applied");
    }

    [Fact]
    public async Task A_flush_already_applied_before_the_crash_is_not_added_twice()
    {
        var (id, slug, author) = await NewArticleAsync();
        var flushId = AbandonedFlushId();
        // The crash came after PostgreSQL committed the flush and before Redis forgot it.
        await fixture.Database!.ScalarAsync<int>("UPDATE articles SET views_count = views_count + 4 WHERE id = $1 RETURNING 1", id);
        await fixture.Database.ScalarAsync<int>("INSERT INTO view_flushes (id, flushed_at) VALUES ($1, now()) RETURNING 1", flushId);

        var record = await LeaveFlushAsync(id, 4, flushId);

        await Eventually.TrueAsync(async () => !await Redis().Redis.KeyExistsAsync(record), "the applied flush record to be dropped");
        Assert.Equal(4, await fixture.Database.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug));
        Assert.Equal((4L, 4L), await ShownViewsAsync(slug, author));
    }
}
