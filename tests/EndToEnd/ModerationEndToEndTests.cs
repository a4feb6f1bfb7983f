using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class ModerationEndToEndTests(PlatformFixture platform)
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

    async Task<int> CommentsCountAsync(string slug) =>
        (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null)).Body.GetProperty("article").GetProperty("commentsCount").GetInt32();

    [Fact]
    public async Task A_held_comment_leaves_the_page_and_the_count_until_a_moderator_approves_it()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (_, written) = await SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Moderated through the gateway", description = "e2e", body = "Discuss." } });
        var slug = written.GetProperty("article").GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Status == HttpStatusCode.OK,
            "Comments to know the post");

        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        var moderator = await Accounts.RegisterAsync(platform.Gateway);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, $"/api/admin/users/{moderator.Username}/roles/moderator", admin)).Status);
        var moderatorToken = await Accounts.LoginAsync(platform.Gateway, moderator.Email, moderator.Password);

        // Three links from a brand-new account: the links rule and the new-account rule both hold it.
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var (created, comment) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", reader.Token,
            new { comment = new { body = "Cheap watches at http://a.example http://b.example http://c.example" } });
        var (cleanStatus, _) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", blogger.Token, new { comment = new { body = "Thanks for reading" } });
        Assert.Equal(HttpStatusCode.Created, created);
        Assert.Equal(HttpStatusCode.Created, cleanStatus);
        var id = comment.GetProperty("comment").GetProperty("id").GetInt64();
        // Moderation names comments by the key events carry (the API's `uuid`).
        var uuid = comment.GetProperty("comment").GetProperty("uuid").GetGuid();

        var moderationCase = await Eventually.ReturnsAsync(async () => (await SendAsync(HttpMethod.Get, "/api/moderation/queue?limit=100", moderatorToken)).Body
                .GetProperty("cases").EnumerateArray().FirstOrDefault(c => c.GetProperty("comment").GetProperty("id").GetGuid() == uuid),
            c => c.ValueKind == JsonValueKind.Object, "the held comment's case");
        Assert.Contains(moderationCase.GetProperty("ruleReasons").EnumerateArray(), r => r.GetString() == "more than 2 links");
        Assert.Contains(moderationCase.GetProperty("ruleReasons").EnumerateArray(), r => r.GetString()!.Contains("younger than", StringComparison.Ordinal));
        await Eventually.TrueAsync(async () => !(await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Body
            .GetProperty("comments").EnumerateArray().Any(c => c.GetProperty("id").GetInt64() == id), "the held comment to leave the page");
        await Eventually.ReturnsAsync(() => CommentsCountAsync(slug), count => count == 1, "Posts to count only the clean comment");
        var own = (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", reader.Token)).Body.GetProperty("comments").EnumerateArray()
            .Single(c => c.GetProperty("id").GetInt64() == id);
        Assert.Equal("held", own.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, $"/api/moderation/cases/{moderationCase.GetProperty("id")}/approve", reader.Token)).Status);

        var (approved, _) = await SendAsync(HttpMethod.Post, $"/api/moderation/cases/{moderationCase.GetProperty("id")}/approve", moderatorToken,
            new { decision = new { reason = "a real watch collector" } });

        Assert.Equal(HttpStatusCode.OK, approved);
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Body
            .GetProperty("comments").EnumerateArray().Any(c => c.GetProperty("id").GetInt64() == id), "the approved comment to return");
        await Eventually.ReturnsAsync(() => CommentsCountAsync(slug), count => count == 2, "Posts to count the approved comment");
    }

    async Task<(string Slug, string Admin, TestAccount Moderator)> PostAndModeratorAsync()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (_, written) = await SendAsync(HttpMethod.Post, "/api/articles", blogger.Token, new { article = new { title = "Reported through the gateway", description = "e2e", body = "Discuss." } });
        var slug = written.GetProperty("article").GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Status == HttpStatusCode.OK,
            "Comments to know the post");
        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        var moderator = await Accounts.RegisterAsync(platform.Gateway);
        await SendAsync(HttpMethod.Put, $"/api/admin/users/{moderator.Username}/roles/moderator", admin);
        return (slug, admin, moderator with { Token = await Accounts.LoginAsync(platform.Gateway, moderator.Email, moderator.Password) });
    }

    [Fact]
    public async Task Three_readers_reporting_a_comment_hide_it()
    {
        var (slug, _, _) = await PostAndModeratorAsync();
        // The readers below are minutes old: let every account's report count (by default only day-old accounts weigh).
        var admin = await Accounts.LoginAsync(platform.Gateway, PlatformFixture.AdminEmail, PlatformFixture.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Put, "/api/moderation/rules", admin, new { rules = new { reporterAccountHours = 0 } })).Status);
        var author = await Accounts.RegisterAsync(platform.Gateway);
        var (_, comment) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", author.Token, new { comment = new { body = "You are all wrong and stupid" } });
        var id = comment.GetProperty("comment").GetProperty("id").GetInt64();

        for (var i = 0; i < 3; i++)
        {
            var reader = await Accounts.RegisterAsync(platform.Gateway);
            var (reported, _) = await SendAsync(HttpMethod.Post, $"/api/comments/{id}/reports", reader.Token, new { report = new { reason = "abuse" } });
            Assert.Equal(HttpStatusCode.Created, reported);
        }

        await Eventually.TrueAsync(async () => !(await SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Body
            .GetProperty("comments").EnumerateArray().Any(c => c.GetProperty("id").GetInt64() == id), "three reports to hide the comment");
        await Eventually.ReturnsAsync(() => CommentsCountAsync(slug), count => count == 0, "Posts to stop counting it");
    }

    [Fact]
    public async Task A_suspended_user_can_no_longer_log_in_or_comment()
    {
        var (slug, _, moderator) = await PostAndModeratorAsync();
        var troll = await Accounts.RegisterAsync(platform.Gateway);
        var (before, _) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", troll.Token, new { comment = new { body = "Before the suspension" } });
        Assert.Equal(HttpStatusCode.Created, before);

        var (suspended, _) = await Eventually.ReturnsAsync(
            () => SendAsync(HttpMethod.Post, $"/api/moderation/users/{troll.Username}/suspend", moderator.Token, new { suspension = new { duration = "7d", reason = "abuse" } }),
            response => response.Status != HttpStatusCode.NotFound, "Moderation to know the account");
        Assert.Equal(HttpStatusCode.OK, suspended);

        await Eventually.TrueAsync(async () =>
        {
            using var login = await platform.Gateway.PostAsJsonAsync("/api/users/login", new { user = new { email = troll.Email, password = troll.Password } });
            return login.StatusCode == HttpStatusCode.Forbidden;
        }, "Identity to refuse the suspended account's sign-in");
        // Probed with an empty comment, which can never be stored: 422 while the token is accepted, 401 once refused.
        // Services remember an account's standing for up to 30 s.
        await Eventually.TrueAsync(async () => (await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", troll.Token,
            new { comment = new { body = "" } })).Status == HttpStatusCode.Unauthorized, "Comments to refuse the suspended account's token", TimeSpan.FromSeconds(60));
        var (after, _) = await SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", troll.Token, new { comment = new { body = "After the suspension" } });
        Assert.Equal(HttpStatusCode.Unauthorized, after);
    }
}
