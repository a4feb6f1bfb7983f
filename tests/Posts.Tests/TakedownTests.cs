using System.Net;
using Blog.Contracts;
using Blog.ServiceDefaults.Authentication;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Moderators take a post down and restore it: it leaves public view, its author sees why and cannot publish it again meanwhile.
public sealed class TakedownTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    [Fact]
    public async Task A_moderator_takes_a_post_down_its_author_sees_why_and_a_restore_makes_it_public_again()
    {
        await using var takenDown = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostTakenDown));
        await using var unpublished = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostUnpublished));
        await using var published = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostPublished));
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var moderator = await fixture.RegisterWithRoleAsync(BlogRoles.Moderator);
        var slug = (await fixture.WriteAsync(author, "Libel")).GetProperty("slug").GetString()!;
        var reason = new { takedown = new { reason = "defames a named person" } };

        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/unpublish", reader.Token, reason)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/unpublish", null, reason)).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/unpublish", moderator.Token,
            new { takedown = new { reason = " " } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Post, "/api/moderation/posts/no-such-post/unpublish", moderator.Token, reason)).Status);

        Assert.Equal(HttpStatusCode.OK, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/unpublish", moderator.Token, reason)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/unpublish", moderator.Token, reason)).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", reader.Token)).Status);
        var (_, list) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles?author={author.Username}", null);
        Assert.Equal(0, list.GetProperty("articlesCount").GetInt32());
        var (_, own) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", author.Token);
        Assert.Equal("draft", own.GetProperty("article").GetProperty("status").GetString());
        Assert.Equal("defames a named person", own.GetProperty("article").GetProperty("takedown").GetProperty("reason").GetString());
        var (_, drafts) = await fixture.SendAsync(HttpMethod.Get, "/api/articles?status=draft", author.Token);
        Assert.Contains(drafts.GetProperty("articles").EnumerateArray(), a => a.GetProperty("slug").GetString() == slug
            && a.GetProperty("takedown").GetProperty("reason").GetString() == "defames a named person");
        var (republish, _) = await fixture.SendAsync(HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { status = "published" } });
        Assert.Equal(HttpStatusCode.Forbidden, republish);
        var (_, queue) = await fixture.SendAsync(HttpMethod.Get, "/api/moderation/posts", moderator.Token);
        Assert.Contains(queue.GetProperty("posts").EnumerateArray(), p => p.GetProperty("slug").GetString() == slug);

        var down = await takenDown.WaitForAsync(m => m.GetProperty("slug").GetString() == slug, "PostTakenDown");
        Assert.Equal(moderator.Username, down.GetProperty("takenDownBy").GetString());
        await unpublished.WaitForAsync(m => m.GetProperty("slug").GetString() == slug, "PostUnpublished");

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/restore", moderator.Token)).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.SendAsync(HttpMethod.Post, $"/api/moderation/posts/{slug}/restore", moderator.Token)).Status);
        var (status, restored) = await fixture.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", reader.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("published", restored.GetProperty("article").GetProperty("status").GetString());
        await Eventually.TrueAsync(() => Task.FromResult(published.Deliveries.Count(d => d.Envelope.GetProperty("message").GetProperty("slug").GetString() == slug) == 2),
            "PostPublished again after the restore");
    }
}
