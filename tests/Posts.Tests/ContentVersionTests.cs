using System.Net.Http.Headers;
using Blog.ServiceDefaults.Caching;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Blog.Posts.Tests;

/// Which writes move Posts' content version (its own cache) and which also its public version (the
/// gateway's edge cache), on the real PostgreSQL and Redis.
public sealed class ContentVersionTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    ContentCache Cache => fixture.Services.GetRequiredService<ContentCache>();

    async Task<(long Own, long Public)> VersionsAsync()
    {
        var redis = fixture.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var own = await redis.StringGetAsync(Cache.VersionKey);
        var announced = await redis.StringGetAsync(Cache.PublicVersionKey);
        return (own.IsNull ? 0 : (long)own, announced.IsNull ? 0 : (long)announced);
    }

    Task<long> PersistedViewsAsync(string slug) =>
        fixture.Database!.ScalarAsync<long>("SELECT views_count FROM articles WHERE slug = $1", slug);

    async Task ViewAsync(string slug, string viewer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        request.Headers.Add("X-Viewer-Id", viewer);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Firefox", "140.0"));
        (await fixture.Client.SendAsync(request)).EnsureSuccessStatusCode().Dispose();
    }

    [Fact]
    public async Task Moving_views_into_the_database_refreshes_the_services_cache_each_time_but_is_not_announced_each_time()
    {
        var author = await fixture.RegisterAsync();
        // The registration event writes Posts' copy of the author: consumed before the versions are compared.
        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM authors WHERE id = $1", author.Id) == 1,
            "Posts to have the author from the registration event");
        var slug = (await fixture.WriteAsync(author)).GetProperty("slug").GetString()!;
        await ViewAsync(slug, "first");
        await Eventually.TrueAsync(async () => await PersistedViewsAsync(slug) == 1, "the first view to be flushed");
        var before = await VersionsAsync();

        await ViewAsync(slug, "second");
        await Eventually.TrueAsync(async () => await PersistedViewsAsync(slug) == 2, "the second view to be flushed");
        await ViewAsync(slug, "third");
        await Eventually.TrueAsync(async () => await PersistedViewsAsync(slug) == 3, "the third view to be flushed");

        var after = await VersionsAsync();
        Assert.True(after.Own >= before.Own + 2, $"own version {before.Own} -> {after.Own}");
        Assert.Equal(before.Public, after.Public);
    }

    [Fact]
    public async Task Bookkeeping_sql_leaves_both_versions_and_other_sql_moves_both()
    {
        await using var scope = fixture.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Infrastructure.PostsDbContext>();
        var before = await VersionsAsync();

        await db.Database.ExecuteSqlRawAsync(Bookkeeping.SqlMark + "INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ({0}, 'test', now())", [Guid.NewGuid()]);
        Assert.Equal(before, await VersionsAsync());

        await db.Database.ExecuteSqlRawAsync("UPDATE articles SET title = title WHERE false");
        var after = await VersionsAsync();
        Assert.True(after.Own > before.Own && after.Public > before.Public, $"{before} -> {after}");
    }
}
