using System.Net;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Each Posts replica keeps published articles and pages of public lists in memory; a write committed through any replica must be
/// read at once from every other, whichever way it reached the database.
public sealed class ArticleCacheTests(DefaultPostsFixture fixture) : IClassFixture<DefaultPostsFixture>
{
    static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new("Token", token);
        if (body is not null) request.Content = System.Net.Http.Json.JsonContent.Create(body);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    async Task<JsonElement> ReadOnFirstAsync(string slug)
    {
        var (status, body) = await SendAsync(fixture.Client, HttpMethod.Get, $"/api/articles/{slug}", null);
        Assert.Equal(HttpStatusCode.OK, status);
        return body.GetProperty("article");
    }

    [Fact]
    public async Task Writes_through_another_replica_are_read_at_once_from_a_replica_that_cached_the_article()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author, title: "Cached post", body: "First body")).GetProperty("slug").GetString()!;
        await using var second = fixture.StartAnotherInstance();
        using var other = second.CreateClient();
        await ReadOnFirstAsync(slug);
        Assert.Equal("First body", (await ReadOnFirstAsync(slug)).GetProperty("body").GetString());

        // SaveChanges: an edit.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, HttpMethod.Put, $"/api/articles/{slug}", author.Token, new { article = new { body = "Second body" } })).Status);
        Assert.Equal("Second body", (await ReadOnFirstAsync(slug)).GetProperty("body").GetString());

        // SQL and ExecuteUpdate in a transaction: a reaction and its count.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, HttpMethod.Post, $"/api/articles/{slug}/favorite", reader.Token)).Status);
        Assert.Equal(1, (await ReadOnFirstAsync(slug)).GetProperty("favoritesCount").GetInt32());

        // Deleted: gone from every replica.
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(other, HttpMethod.Delete, $"/api/articles/{slug}", author.Token)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(fixture.Client, HttpMethod.Get, $"/api/articles/{slug}", null)).Status);
    }

    async Task<JsonElement> ListOnFirstAsync(string tag)
    {
        var (status, body) = await SendAsync(fixture.Client, HttpMethod.Get, $"/api/articles?tag={tag}", null);
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    [Fact]
    public async Task A_cached_list_shows_writes_through_another_replica_at_once_and_views_as_they_are_counted()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var tag = $"cached{Guid.NewGuid():N}"[..20];
        var first = (await fixture.WriteAsync(author, title: "Listed first", tags: [tag])).GetProperty("slug").GetString()!;
        await using var second = fixture.StartAnotherInstance();
        using var other = second.CreateClient();
        await ListOnFirstAsync(tag);
        Assert.Equal(1, (await ListOnFirstAsync(tag)).GetProperty("articlesCount").GetInt32());

        // A new post, written through the other replica, heads the list.
        var (created, written) = await SendAsync(other, HttpMethod.Post, "/api/articles", author.Token,
            new { article = new { title = "Listed second", description = "d", body = "b", tagList = new[] { tag } } });
        Assert.Equal(HttpStatusCode.Created, created);
        var list = await ListOnFirstAsync(tag);
        Assert.Equal(2, list.GetProperty("articlesCount").GetInt32());
        Assert.Equal(written.GetProperty("article").GetProperty("slug").GetString(), list.GetProperty("articles")[0].GetProperty("slug").GetString());

        // A reaction through the other replica.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, HttpMethod.Post, $"/api/articles/{first}/favorite", reader.Token)).Status);
        Assert.Equal(1, (await ListOnFirstAsync(tag)).GetProperty("articles")[1].GetProperty("favoritesCount").GetInt32());

        // A view counted by the other replica changes no content, yet the list shows it.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, HttpMethod.Get, $"/api/articles/{first}", reader.Token)).Status);
        Assert.Equal(1, (await ListOnFirstAsync(tag)).GetProperty("articles")[1].GetProperty("viewsCount").GetInt64());

        // Unpublished: gone from the list.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, HttpMethod.Put, $"/api/articles/{first}", author.Token, new { article = new { status = "draft" } })).Status);
        list = await ListOnFirstAsync(tag);
        Assert.Equal(1, list.GetProperty("articlesCount").GetInt32());
        Assert.Equal(1, list.GetProperty("articles").GetArrayLength());
    }

    [Fact]
    public async Task Cached_reactions_show_a_reaction_made_through_another_replica_at_once()
    {
        var author = await fixture.RegisterAsync();
        var reader = await fixture.RegisterAsync();
        var slug = (await fixture.WriteAsync(author, title: "Reacted to")).GetProperty("slug").GetString()!;
        await using var second = fixture.StartAnotherInstance();
        using var other = second.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(0, (await SendAsync(fixture.Client, HttpMethod.Get, $"/api/articles/{slug}/reactions", null)).Body.GetProperty("reactors").GetArrayLength());
        }

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(other, HttpMethod.Put, $"/api/articles/{slug}/reactions/handshake", reader.Token)).Status);
        var (status, reactions) = await SendAsync(fixture.Client, HttpMethod.Get, $"/api/articles/{slug}/reactions", null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(reader.Username, reactions.GetProperty("reactors")[0].GetProperty("username").GetString());
        Assert.Equal(1, reactions.GetProperty("counts").GetProperty("handshake").GetInt32());
    }
}
