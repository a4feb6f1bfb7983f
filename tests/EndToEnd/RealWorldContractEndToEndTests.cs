using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// Every operation of the RealWorld spec, called through the gateway as a Conduit client would, with the
/// answers the spec lists for it (success, 401, 403, 404, 409, 422): each answer's status must be listed
/// for its operation and its body valid against the spec's schema (docs/realworld-openapi.yml).
[Collection(PlatformCollection.Name)]
public sealed class RealWorldContractEndToEndTests(PlatformFixture platform)
{
    readonly List<string> problems = [];
    readonly HashSet<string> exercised = new(StringComparer.Ordinal);

    /// Calls `operation` ("METHOD /spec/path/{template}") at `path`, checks the answer against the spec and the expected status.
    async Task<JsonNode?> CallAsync(string operation, string path, string? token, object? body, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation[..operation.IndexOf(' ')]), RealWorldSpec.ApiPrefix + path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await platform.Gateway.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        exercised.Add(operation);
        if ((int)response.StatusCode != expected)
            problems.Add($"{operation} at {path}: expected {expected}, got {(int)response.StatusCode} {text[..Math.Min(text.Length, 300)]}");
        problems.AddRange(RealWorldSpec.Check(operation, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, text));
        return text.StartsWith('{') ? JsonNode.Parse(text) : null;
    }

    static object NewUser(string name, string password = "conduit password") => new { user = new { username = name, email = $"{name}@example.com", password } };

    static string NewName() => $"rw{Guid.NewGuid():N}"[..16];

    void Expect(bool condition, string what)
    {
        if (!condition) problems.Add(what);
    }

    [Fact]
    public async Task Every_RealWorld_operation_answers_as_the_spec_says()
    {
        Assert.Equal("2.0.0", RealWorldSpec.Version);

        // Users and authentication
        var (reader, writer) = (NewName(), NewName());
        var registered = await CallAsync("POST /users", "/users", null, NewUser(reader), 201);
        var token = registered?["user"]?["token"]?.GetValue<string>() ?? throw new InvalidOperationException("no token");
        Expect(registered!["user"]!.AsObject().ContainsKey("bio") && registered["user"]!["bio"] is null, "a new user's bio is null");
        var writerToken = (await CallAsync("POST /users", "/users", null, NewUser(writer), 201))!["user"]!["token"]!.GetValue<string>();
        await CallAsync("POST /users", "/users", null, NewUser(reader), 409);
        await CallAsync("POST /users", "/users", null, NewUser(""), 422);
        await CallAsync("POST /users", "/users", null, new { user = new { username = NewName(), email = (string?)null, password = "conduit password" } }, 422);
        await CallAsync("POST /users/login", "/users/login", null, new { user = new { email = $"{reader}@example.com", password = "conduit password" } }, 200);
        await CallAsync("POST /users/login", "/users/login", null, new { user = new { email = $"{reader}@example.com", password = "not the password" } }, 401);
        await CallAsync("POST /users/login", "/users/login", null, new { user = new { email = "", password = "" } }, 422);
        await CallAsync("GET /user", "/user", token, null, 200);
        var missing = await CallAsync("GET /user", "/user", null, null, 401);
        Expect(missing?["errors"]?["token"]?[0]?.GetValue<string>() == "is missing", $"a 401 without a token says errors.token is missing: {missing}");
        await CallAsync("GET /user", "/user", "not.a.token", null, 401);
        var updated = await CallAsync("PUT /user", "/user", token, new { user = new { bio = "I read about cities." } }, 200);
        Expect(updated?["user"]?["bio"]?.GetValue<string>() == "I read about cities.", "PUT /user changes the bio");
        var cleared = await CallAsync("PUT /user", "/user", token, new { user = new { bio = (string?)null, image = (string?)null } }, 200);
        Expect(cleared?["user"]?["bio"] is null && cleared?["user"]?["email"]?.GetValue<string>() == $"{reader}@example.com", "a null bio clears it, the rest stays");
        await CallAsync("PUT /user", "/user", token, new { user = new { email = "" } }, 422);
        await CallAsync("PUT /user", "/user", token, new { user = new { email = (string?)null } }, 422);
        await CallAsync("PUT /user", "/user", token, new { user = new { username = (string?)null } }, 422);
        await CallAsync("PUT /user", "/user", token, new { user = new { password = "" } }, 422);
        await CallAsync("PUT /user", "/user", null, new { user = new { bio = "x" } }, 401);

        // Profiles
        await CallAsync("GET /profiles/{username}", $"/profiles/{writer}", token, null, 200);
        await CallAsync("GET /profiles/{username}", $"/profiles/{writer}", null, null, 200);
        await CallAsync("GET /profiles/{username}", $"/profiles/{NewName()}", null, null, 404);
        var followed = await CallAsync("POST /profiles/{username}/follow", $"/profiles/{writer}/follow", token, null, 200);
        Expect(followed?["profile"]?["following"]?.GetValue<bool>() == true, "follow answers following: true");
        await CallAsync("POST /profiles/{username}/follow", $"/profiles/{NewName()}/follow", token, null, 404);
        await CallAsync("POST /profiles/{username}/follow", $"/profiles/{writer}/follow", null, null, 401);

        // Articles
        var tag = $"tag{Guid.NewGuid():N}"[..12];
        var created = await CallAsync("POST /articles", "/articles", writerToken,
            new { article = new { title = $"Conduit {tag}", description = "Checked against the spec", body = "A **body**.", tagList = new[] { tag } } }, 201);
        var slug = created?["article"]?["slug"]?.GetValue<string>() ?? throw new InvalidOperationException("no slug");
        await CallAsync("POST /articles", "/articles", writerToken, new { article = new { title = $"Untagged {tag}", description = "d", body = "b" } }, 201);
        await CallAsync("POST /articles", "/articles", null, new { article = new { title = "t", description = "d", body = "b" } }, 401);
        await CallAsync("POST /articles", "/articles", writerToken, new { article = new { title = "", description = "d", body = "b" } }, 422);
        await CallAsync("POST /articles", "/articles", writerToken, new { article = new { title = "t", description = "", body = "b" } }, 422);
        await CallAsync("POST /articles", "/articles", writerToken, new { article = new { title = "t", description = "d", body = "b", tagList = (string[]?)null } }, 422);
        var tagged = await CallAsync("GET /articles", $"/articles?tag={tag}", null, null, 200);
        Expect(tagged?["articlesCount"]?.GetValue<int>() == 1, $"one article has tag {tag}: {tagged}");
        Expect(tagged?["articles"]?[0] is JsonObject item && !item.ContainsKey("body"), "list items carry no body");
        await CallAsync("GET /articles", $"/articles?author={writer}&limit=5&offset=0", token, null, 200);
        await CallAsync("GET /articles", $"/articles?favorited={reader}", null, null, 200);
        await CallAsync("GET /articles", "/articles?limit=0", null, null, 422);
        var feed = await CallAsync("GET /articles/feed", "/articles/feed?limit=10", token, null, 200);
        Expect(feed?["articles"]?.AsArray().Any(a => a?["slug"]?.GetValue<string>() == slug) == true, "the feed shows a followed author's article");
        await CallAsync("GET /articles/feed", "/articles/feed", null, null, 401);
        await CallAsync("GET /articles/{slug}", $"/articles/{slug}", null, null, 200);
        await CallAsync("GET /articles/{slug}", $"/articles/{slug}", token, null, 200);
        var unknown = await CallAsync("GET /articles/{slug}", $"/articles/no-such-{tag}", null, null, 404);
        Expect(unknown?["errors"]?["article"]?[0]?.GetValue<string>() == "not found", $"a missing article is errors.article: not found: {unknown}");
        await CallAsync("PUT /articles/{slug}", $"/articles/{slug}", writerToken, new { article = new { body = "An edited **body**." } }, 200);
        await CallAsync("PUT /articles/{slug}", $"/articles/{slug}", token, new { article = new { body = "Mine now" } }, 403);
        await CallAsync("PUT /articles/{slug}", $"/articles/no-such-{tag}", writerToken, new { article = new { body = "x" } }, 404);
        await CallAsync("PUT /articles/{slug}", $"/articles/no-such-{tag}", null, new { article = new { body = "x" } }, 401);
        await CallAsync("PUT /articles/{slug}", $"/articles/{slug}", writerToken, new { article = new { title = (string?)null } }, 422);
        await CallAsync("PUT /articles/{slug}", $"/articles/{slug}", writerToken, new { article = new { tagList = (string[]?)null } }, 422);

        // Favorites
        var favorited = await CallAsync("POST /articles/{slug}/favorite", $"/articles/{slug}/favorite", token, null, 200);
        Expect(favorited?["article"]?["favorited"]?.GetValue<bool>() == true && favorited?["article"]?["favoritesCount"]?.GetValue<int>() == 1, "favorite counts");
        await CallAsync("POST /articles/{slug}/favorite", $"/articles/no-such-{tag}/favorite", token, null, 404);
        await CallAsync("POST /articles/{slug}/favorite", $"/articles/{slug}/favorite", null, null, 401);
        var unfavorited = await CallAsync("DELETE /articles/{slug}/favorite", $"/articles/{slug}/favorite", token, null, 200);
        Expect(unfavorited?["article"]?["favorited"]?.GetValue<bool>() == false, "unfavorite answers favorited: false");
        await CallAsync("DELETE /articles/{slug}/favorite", $"/articles/no-such-{tag}/favorite", token, null, 404);
        await CallAsync("DELETE /articles/{slug}/favorite", $"/articles/{slug}/favorite", null, null, 401);

        // Comments: Comments learns of the published post through RabbitMQ (asked signed in: the edge cache is bypassed).
        await Eventually.TrueAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}/comments");
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
            using var response = await platform.Gateway.SendAsync(request);
            return response.IsSuccessStatusCode;
        }, "Comments to know the published post");
        var comment = await CallAsync("POST /articles/{slug}/comments", $"/articles/{slug}/comments", token, new { comment = new { body = "A good read." } }, 201);
        var commentId = comment?["comment"]?["id"]?.GetValue<long>() ?? throw new InvalidOperationException("no comment id");
        await CallAsync("POST /articles/{slug}/comments", $"/articles/{slug}/comments", null, new { comment = new { body = "x" } }, 401);
        await CallAsync("POST /articles/{slug}/comments", $"/articles/no-such-{tag}/comments", token, new { comment = new { body = "x" } }, 404);
        await CallAsync("POST /articles/{slug}/comments", $"/articles/{slug}/comments", token, new { comment = new { body = "" } }, 422);
        var thread = await CallAsync("GET /articles/{slug}/comments", $"/articles/{slug}/comments", token, null, 200);
        Expect(thread?["comments"]?.AsArray().Any(c => c?["id"]?.GetValue<long>() == commentId) == true, "the thread lists the comment by its integer id");
        await CallAsync("GET /articles/{slug}/comments", $"/articles/{slug}/comments", null, null, 200);
        await CallAsync("GET /articles/{slug}/comments", $"/articles/no-such-{tag}/comments", null, null, 404);
        var stranger = await Accounts.RegisterAsync(platform.Gateway);
        await CallAsync("DELETE /articles/{slug}/comments/{id}", $"/articles/{slug}/comments/{commentId}", stranger.Token, null, 403);
        await CallAsync("DELETE /articles/{slug}/comments/{id}", $"/articles/{slug}/comments/{long.MaxValue}", token, null, 404);
        await CallAsync("DELETE /articles/{slug}/comments/{id}", $"/articles/{slug}/comments/{commentId}", null, null, 401);
        await CallAsync("DELETE /articles/{slug}/comments/{id}", $"/articles/{slug}/comments/{commentId}", token, null, 204);

        // Tags
        var tags = await CallAsync("GET /tags", "/tags", null, null, 200);
        Expect(tags?["tags"]?.AsArray().Any(t => t?.GetValue<string>() == tag) == true, "the new tag is listed");

        // Unfollow, and deleting the article
        var unfollowed = await CallAsync("DELETE /profiles/{username}/follow", $"/profiles/{writer}/follow", token, null, 200);
        Expect(unfollowed?["profile"]?["following"]?.GetValue<bool>() == false, "unfollow answers following: false");
        await CallAsync("DELETE /profiles/{username}/follow", $"/profiles/{NewName()}/follow", token, null, 404);
        await CallAsync("DELETE /profiles/{username}/follow", $"/profiles/{writer}/follow", null, null, 401);
        await CallAsync("DELETE /articles/{slug}", $"/articles/{slug}", token, null, 403);
        await CallAsync("DELETE /articles/{slug}", $"/articles/{slug}", null, null, 401);
        await CallAsync("DELETE /articles/{slug}", $"/articles/no-such-{tag}", writerToken, null, 404);
        await CallAsync("DELETE /articles/{slug}", $"/articles/{slug}", writerToken, null, 204);
        await CallAsync("GET /articles/{slug}", $"/articles/{slug}", writerToken, null, 404);

        Assert.True(problems.Count == 0, $"{problems.Count} disagreements with RealWorld spec {RealWorldSpec.Version}:\n{string.Join("\n", problems)}");
        Assert.Equal(RealWorldSpec.Operations.Order(StringComparer.Ordinal), exercised.Order(StringComparer.Ordinal));
    }
}
