using System.Net;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.Posts.Tests;

/// Each Posts replica keeps published articles in memory; a write committed through any replica must be
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
}
