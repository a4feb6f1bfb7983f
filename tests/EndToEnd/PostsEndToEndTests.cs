using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class PostsEndToEndTests(PlatformFixture platform)
{
    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await platform.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    [Fact]
    public async Task A_blogger_registers_writes_a_draft_publishes_it_and_readers_find_it_through_the_gateway()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);

        var (created, draft) = await SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Hello from the gateway", description = "e2e", body = "Read **me**.", tagList = new[] { "e2e" }, status = "draft" } });
        var slug = draft.GetProperty("article").GetProperty("slug").GetString();
        var hidden = await SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null);
        var (published, _) = await SendAsync(HttpMethod.Put, $"/api/articles/{slug}", blogger.Token, new { article = new { status = "published" } });
        var (read, article) = await SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null);
        var (_, list) = await SendAsync(HttpMethod.Get, $"/api/articles?author={blogger.Username}", null);

        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal(HttpStatusCode.OK, published);
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal("<p>Read <strong>me</strong>.</p>", article.GetProperty("article").GetProperty("bodyHtml").GetString());
        Assert.Equal(1, list.GetProperty("articlesCount").GetInt32());
        // Comments learns of the publication through RabbitMQ: the thread opens.
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Status == HttpStatusCode.OK,
            "Comments to know the published post");

        // A reader comments; Posts counts it from Comments' event.
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var (commented, _) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token, new { comment = new { body = "Nice post!" } });
        Assert.Equal(HttpStatusCode.Created, commented);
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body
            .GetProperty("article").GetProperty("commentsCount").GetInt32() == 1, "the comment to be counted on the post");
    }
}
