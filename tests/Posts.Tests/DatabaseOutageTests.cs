using Blog.Topology;
using System.Net;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Posts on a PostgreSQL server of its own, which the test stops and starts; Identity (the other
/// service here) stays on the shared server.
/// No view flush during the test: moving the first read's view into the database is a write, which would
/// rightly make the cached article stale just before the outage.
public sealed class PrivateDatabasePostsFixture() : PostsOnPrivateServerFixture(
    new Dictionary<string, string?>
    {
        ["ConnectionStrings:postsdb"] = $"Host=127.0.0.1;Port={PostgresPort};Username=blog;Database=postsdb",
        ["Views:FlushInterval"] = "01:00:00",
    },
    () => PrivateServer.StartPostgresAsync(PostgresPort))
{
    public const int PostgresPort = Blog.Topology.Ports.TestPostgresOutage;
    public PrivateServer Postgres => Server;
}

public sealed class DatabaseOutageTests(PrivateDatabasePostsFixture fixture) : IClassFixture<PrivateDatabasePostsFixture>
{
    [Fact]
    public async Task With_its_database_down_Posts_is_unhealthy_and_answers_503_except_for_cached_articles_then_serves_again_without_a_restart()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author, "Before the outage")).GetProperty("slug").GetString()!;
        var alreadyRead = (await fixture.WriteAsync(author, "Read before the outage")).GetProperty("slug").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{alreadyRead}", null)).Status);

        await fixture.Postgres.StopAsync();
        try
        {
            var entries = await Eventually.ReturnsAsync(() => fixture.HealthEntriesAsync(), e => e.GetValueOrDefault(PlatformServices.Posts.Database) == "Unhealthy", "Posts' health to turn red");
            Assert.Equal("Healthy", entries[PlatformResources.Redis]);
            var (readStatus, readBody) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, readStatus);
            Assert.Equal(503, readBody.GetProperty("status").GetInt32());
            // A published article read before is still served from the replica's cache (Redis vouches it is current).
            var (cachedStatus, cachedBody) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{alreadyRead}", null);
            Assert.Equal(HttpStatusCode.OK, cachedStatus);
            Assert.Equal("Read before the outage", cachedBody.GetProperty("article").GetProperty("title").GetString());
            var (writeStatus, _) = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token,
                new { article = new { title = "During the outage", description = "d", body = "b", tagList = Array.Empty<string>() } });
            Assert.Equal(HttpStatusCode.ServiceUnavailable, writeStatus);
            // The other service, on its own database server, does not notice.
            Assert.Equal("Healthy", (await fixture.Identity.HealthEntriesAsync())[PlatformServices.Identity.Database]);
            Assert.Equal(HttpStatusCode.OK, (await fixture.Identity.Client.GetAsync("/health")).StatusCode);
        }
        finally
        {
            await fixture.Postgres.StartAsync();
        }

        await Eventually.TrueAsync(async () => (await fixture.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK, "Posts' health to turn green", TimeSpan.FromSeconds(60));
        await Eventually.TrueAsync(async () => (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Status == HttpStatusCode.OK,
            "Posts to serve the post again", TimeSpan.FromSeconds(30));
        var after = await fixture.WriteAsync(author, "After the outage");
        Assert.Equal("After the outage", after.GetProperty("title").GetString());
        Assert.Single((await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}&q=outage", null)).Body.GetProperty("articles").EnumerateArray(),
            a => a.GetProperty("title").GetString() == "Before the outage");
    }
}
