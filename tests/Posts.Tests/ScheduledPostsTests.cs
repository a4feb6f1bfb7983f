using System.Globalization;
using System.Net;
using System.Text.Json;
using Blog.Contracts;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Posts.Tests;

/// A post scheduled for later: its author's only until its time, then public once, announced once.
public sealed class ScheduledPostsTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    static string Iso(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    async Task<JsonElement> ScheduleAsync(TestAccount author, string title, DateTimeOffset at)
    {
        var (status, json) = await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token,
            new { article = new { title, description = "Later", body = "Not yet.", tagList = Array.Empty<string>(), status = "scheduled", publishAt = Iso(at) } });
        Assert.True(status == HttpStatusCode.Created, json.ToString());
        return json.GetProperty("article");
    }

    [Fact]
    public async Task A_scheduled_post_is_its_authors_until_its_time_then_public_and_announced_once_dated_at_its_time()
    {
        await using var published = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostPublished));
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var at = DateTimeOffset.UtcNow.AddSeconds(4);

        var article = await ScheduleAsync(author, "Tomorrow's news", at);
        var slug = article.GetProperty("slug").GetString()!;

        Assert.Equal("scheduled", article.GetProperty("status").GetString());
        Assert.Equal(Iso(at), article.GetProperty("publishAt").GetString());
        Assert.Equal(JsonValueKind.Null, article.GetProperty("publishedAt").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Status);
        Assert.Equal(0, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null)).Body.GetProperty("articlesCount").GetInt32());
        var (_, mine) = await fixture.SendAsync(HttpMethod.Get, "/api/articles?status=scheduled", author.Token);
        Assert.Equal([slug], mine.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("slug").GetString()));
        Assert.Equal(0, (await fixture.SendAsync(HttpMethod.Get, "/api/articles?status=scheduled", reader.Token)).Body.GetProperty("articlesCount").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, "/api/articles?status=scheduled", null)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/favorite", reader.Token)).Status);

        var (_, shown) = await Eventually.ReturnsAsync(() => fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null),
            got => got.Status == HttpStatusCode.OK, "the post to become public at its time", TimeSpan.FromSeconds(30));
        Assert.True(DateTimeOffset.UtcNow >= at, "public before its time");
        Assert.Equal("published", shown.GetProperty("article").GetProperty("status").GetString());
        Assert.False(shown.GetProperty("article").TryGetProperty("publishAt", out _));
        Assert.Equal(Iso(at), shown.GetProperty("article").GetProperty("publishedAt").GetString());
        var announced = await published.WaitForAsync(m => m.GetProperty("slug").GetString() == slug, "PostPublished");
        Assert.Equal(at.ToUnixTimeMilliseconds(), announced.GetProperty("publishedAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(0, (await fixture.SendAsync(HttpMethod.Get, "/api/articles?status=scheduled", author.Token)).Body.GetProperty("articlesCount").GetInt32());
        Assert.Equal(1, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null)).Body.GetProperty("articlesCount").GetInt32());
        Assert.Equal(1, await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE aggregate_id = $1 AND message_type LIKE '%PostPublished%'", await IdOfAsync(slug)));
    }

    async Task<string> IdOfAsync(string slug) =>
        (await fixture.Database!.ScalarAsync<string>("SELECT article_id::text FROM article_slugs WHERE slug = $1", slug))!;

    [Fact]
    public async Task Scheduling_needs_a_future_time_in_ISO_8601_and_a_post_that_is_not_public()
    {
        var author = await fixture.RegisterAsync();
        async Task<(HttpStatusCode, JsonElement)> CreateAsync(object article) =>
            await fixture.SendAsync(HttpMethod.Post, "/api/articles", author.Token, new { article });

        foreach (var (article, field) in new (object, string)[]
        {
            (new { title = "T", description = "D", body = "B", status = "scheduled" }, "publishAt"),
            (new { title = "T", description = "D", body = "B", status = "scheduled", publishAt = Iso(DateTimeOffset.UtcNow.AddMinutes(-1)) }, "publishAt"),
            (new { title = "T", description = "D", body = "B", status = "scheduled", publishAt = "next tuesday" }, "publishAt"),
            (new { title = "T", description = "D", body = "B", status = "scheduled", publishAt = Iso(DateTimeOffset.UtcNow.AddYears(50)) }, "publishAt"),
            (new { title = "T", description = "D", body = "B", publishAt = Iso(DateTimeOffset.UtcNow.AddHours(1)) }, "publishAt"),
            (new { title = "T", description = "D", body = "B", status = "someday" }, "status"),
        })
        {
            var (status, json) = await CreateAsync(article);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.True(json.GetProperty("errors").TryGetProperty(field, out _), json.ToString());
        }

        var live = (await fixture.WriteAsync(author, "Live")).GetProperty("slug").GetString()!;
        var (refused, why) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{live}", author.Token,
            new { article = new { status = "scheduled", publishAt = Iso(DateTimeOffset.UtcNow.AddHours(1)) } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused);
        Assert.True(why.GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal("published", (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{live}", null)).Body.GetProperty("article").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_scheduled_post_is_moved_to_another_time_made_a_draft_or_published_at_once()
    {
        await using var published = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostPublished));
        var author = await fixture.RegisterAsync();
        var slug = (await ScheduleAsync(author, "Moving", DateTimeOffset.UtcNow.AddHours(1))).GetProperty("slug").GetString()!;
        var later = DateTimeOffset.UtcNow.AddDays(2);

        var (_, moved) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { publishAt = Iso(later) } });
        Assert.Equal(Iso(later), moved.GetProperty("article").GetProperty("publishAt").GetString());
        var (_, edited) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { body = "Still later." } });
        Assert.Equal(("scheduled", Iso(later)), (edited.GetProperty("article").GetProperty("status").GetString(), edited.GetProperty("article").GetProperty("publishAt").GetString()));

        var (_, draft) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "draft" } });
        Assert.Equal("draft", draft.GetProperty("article").GetProperty("status").GetString());
        Assert.False(draft.GetProperty("article").TryGetProperty("publishAt", out _));
        var (again, _) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "scheduled" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again);

        await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "scheduled", publishAt = Iso(later) } });
        var (_, now) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "published" } });
        Assert.Equal("published", now.GetProperty("article").GetProperty("status").GetString());
        Assert.True(now.GetProperty("article").GetProperty("publishedAt").GetDateTimeOffset() < later);
        await published.WaitForAsync(m => m.GetProperty("slug").GetString() == slug, "PostPublished");
    }

    [Fact]
    public async Task Replicas_publishing_the_same_due_posts_at_once_publish_each_exactly_once()
    {
        var author = await fixture.RegisterAsync();
        // Far enough ahead for 30 posts to be scheduled on a loaded machine (2 s was not, once: "must be in the future").
        var at = DateTimeOffset.UtcNow.AddSeconds(10);
        var slugs = new List<string>();
        for (var i = 0; i < 30; i++) slugs.Add((await ScheduleAsync(author, $"Race {i}", at)).GetProperty("slug").GetString()!);
        var ids = await Task.WhenAll(slugs.Select(IdOfAsync));
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > at), "the posts to be due");

        // Four more "replicas" beside the service's own, each with its own connection and transaction.
        var publisher = fixture.Services.GetRequiredService<ScheduledPublisher>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await publisher.PublishDueAsync(CancellationToken.None) > 0) { }
        })));

        await Eventually.TrueAsync(async () => await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM articles WHERE id::text = ANY($1) AND status = 'Published'", (object)ids) == 30, "every post to be published");
        Assert.Equal(30, await fixture.Database!.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE aggregate_id = ANY($1) AND message_type LIKE '%PostPublished%'", (object)ids));
        Assert.Equal(30, await fixture.Database!.ScalarAsync<long>(
            "SELECT count(DISTINCT aggregate_id) FROM outbox_messages WHERE aggregate_id = ANY($1) AND message_type LIKE '%PostPublished%'", (object)ids));
    }
}
