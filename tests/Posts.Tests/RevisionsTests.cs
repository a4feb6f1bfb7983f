using System.Net;
using System.Text.Json;
using Blog.Contracts;
using Blog.ServiceDefaults.Authentication;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Posts keeping five revisions each, so the retention is seen in a few saves.
public sealed class RevisionsFixture() : PostsFixture(new() { ["Revisions:Keep"] = "5" });

/// Every save that changes a post's words keeps a revision; its author and staff list, compare and restore them.
public sealed class RevisionsTests(RevisionsFixture fixture) : IClassFixture<RevisionsFixture>
{
    async Task<JsonElement> EditAsync(TestAccount who, string slug, object article)
    {
        var (status, json) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", who.Token, new { article });
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        return json.GetProperty("article");
    }

    async Task<List<JsonElement>> RevisionsAsync(TestAccount who, string slug)
    {
        var (status, json) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/revisions", who.Token);
        Assert.True(status == HttpStatusCode.OK, json.ToString());
        Assert.Equal(json.GetProperty("revisionsCount").GetInt32(), json.GetProperty("revisions").GetArrayLength());
        return [.. json.GetProperty("revisions").EnumerateArray()];
    }

    [Fact]
    public async Task Each_save_that_changes_the_words_keeps_a_revision_and_a_restore_brings_them_back_as_a_new_one()
    {
        await using var updates = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostUpdated));
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author, "First title", "Line one.\nLine two.", tags: ["a"])).GetProperty("slug").GetString()!;
        await EditAsync(author, slug, new { body = "Line one.\nLine 2, better.\nLine three." });
        var renamed = (await EditAsync(author, slug, new { title = "Second title", tagList = new[] { "a", "b" } })).GetProperty("slug").GetString()!;
        await EditAsync(author, renamed, new { status = "draft" });
        await EditAsync(author, renamed, new { body = "Line one.\nLine 2, better.\nLine three.", status = "published" });

        var revisions = await RevisionsAsync(author, renamed);
        Assert.Equal([3, 2, 1], revisions.Select(r => r.GetProperty("number").GetInt32()));
        Assert.Equal(["Second title", "First title", "First title"], revisions.Select(r => r.GetProperty("title").GetString()));
        Assert.All(revisions, r => Assert.False(r.TryGetProperty("body", out _)));
        Assert.All(revisions, r => Assert.Equal(author.Username, r.GetProperty("editor").GetProperty("username").GetString()));
        Assert.Equal(["a", "b"], revisions[0].GetProperty("tagList").EnumerateArray().Select(t => t.GetString()));
        var firstId = revisions[2].GetProperty("id").GetString();
        var (_, first) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{renamed}/revisions/{firstId}", author.Token);
        Assert.Equal("Line one.\nLine two.", first.GetProperty("revision").GetProperty("body").GetString());

        var (_, diff) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{renamed}/revisions/{revisions[1].GetProperty("id").GetString()}/diff", author.Token);
        Assert.Equal(1, diff.GetProperty("diff").GetProperty("from").GetProperty("number").GetInt32());
        Assert.Equal(
            [("equal", "Line one."), ("deleted", "Line two."), ("inserted", "Line 2, better."), ("inserted", "Line three.")],
            diff.GetProperty("diff").GetProperty("body").EnumerateArray().Select(l => (l.GetProperty("change").GetString(), l.GetProperty("text").GetString())));
        var (_, across) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{renamed}/revisions/{revisions[0].GetProperty("id").GetString()}/diff?from={firstId}", author.Token);
        Assert.Equal([("deleted", "First title"), ("inserted", "Second title")],
            across.GetProperty("diff").GetProperty("title").EnumerateArray().Select(l => (l.GetProperty("change").GetString(), l.GetProperty("text").GetString())));
        Assert.Equal([("equal", "a"), ("inserted", "b")],
            across.GetProperty("diff").GetProperty("tagList").EnumerateArray().Select(l => (l.GetProperty("change").GetString(), l.GetProperty("text").GetString())));

        var (status, restored) = await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{renamed}/revisions/{firstId}/restore", author.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        var article = restored.GetProperty("article");
        Assert.Equal(("First title", "Line one.\nLine two.", "published"),
            (article.GetProperty("title").GetString(), article.GetProperty("body").GetString(), article.GetProperty("status").GetString()));
        Assert.Equal(["a"], article.GetProperty("tagList").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("<p>Line one.\nLine two.</p>", article.GetProperty("bodyHtml").GetString());
        var newSlug = article.GetProperty("slug").GetString()!;
        var (_, publicView) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{renamed}", null);
        Assert.Equal("First title", publicView.GetProperty("article").GetProperty("title").GetString());
        await updates.WaitForAsync(m => m.GetProperty("slug").GetString() == newSlug && m.GetProperty("title").GetString() == "First title", "PostUpdated after the restore");

        var after = await RevisionsAsync(author, newSlug);
        Assert.Equal(4, after[0].GetProperty("number").GetInt32());
        Assert.Equal(1, after[0].GetProperty("restoredFrom").GetInt32());
    }

    [Fact]
    public async Task Only_the_author_and_staff_see_or_restore_revisions()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var moderator = await fixture.RegisterWithRoleAsync(BlogRoles.Moderator);
        var slug = (await fixture.WriteAsync(author, "Mine", "Original.")).GetProperty("slug").GetString()!;
        await EditAsync(author, slug, new { body = "Vandalised." });
        var draft = (await fixture.WriteAsync(author, "Hidden", status: "draft")).GetProperty("slug").GetString()!;
        var firstId = (await RevisionsAsync(author, slug))[1].GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/revisions", null)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/revisions", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/revisions/{firstId}/restore", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{draft}/revisions", reader.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/revisions/not-an-id", author.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/revisions/{Guid.NewGuid()}", author.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{draft}/revisions/{firstId}", author.Token)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/revisions?limit=-1", author.Token)).Status);
        Assert.Equal("Vandalised.", (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body.GetProperty("article").GetProperty("body").GetString());

        Assert.Single(await RevisionsAsync(moderator, draft));
        var (status, restored) = await fixture.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/revisions/{firstId}/restore", moderator.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Original.", restored.GetProperty("article").GetProperty("body").GetString());
        Assert.Equal(moderator.Username, (await RevisionsAsync(author, slug))[0].GetProperty("editor").GetProperty("username").GetString());
    }

    [Fact]
    public async Task A_post_keeps_its_latest_revisions_up_to_the_limit_and_deleting_it_deletes_them()
    {
        var author = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author, "Busy", "Version 1")).GetProperty("slug").GetString()!;
        for (var version = 2; version <= 8; version++) await EditAsync(author, slug, new { body = $"Version {version}" });

        var kept = await RevisionsAsync(author, slug);
        Assert.Equal([8, 7, 6, 5, 4], kept.Select(r => r.GetProperty("number").GetInt32()));
        var id = await fixture.Database!.ScalarAsync<string>("SELECT article_id::text FROM article_slugs WHERE slug = $1", slug);
        Assert.Equal(5, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM article_revisions WHERE article_id::text = $1", id!));

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Delete, $"/api/articles/{slug}", author.Token)).Status);
        Assert.Equal(0, await fixture.Database!.ScalarAsync<long>("SELECT count(*) FROM article_revisions WHERE article_id::text = $1", id!));
    }
}
