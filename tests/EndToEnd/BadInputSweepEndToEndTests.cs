using System.Net;
using System.Text;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// Every public route through the gateway, fed what clients get wrong and what attackers try:
/// every answer must be a 4xx with a problem or RealWorld errors body (never a 5xx), rejected writes
/// change nothing, and no payload reaches a page unescaped.
[Collection(PlatformCollection.Name)]
public sealed class BadInputSweepEndToEndTests(PlatformFixture platform)
{
    const string Script = "<script>alert('sweep')</script>";
    const string ImageAttack = "<img src=x onerror=alert('sweep')>";
    static readonly string OneMegabyte = new('x', 1_100_000);
    // Encoded, so the client sends them as they are (it would resolve a literal "../" before sending).
    static readonly string[] Traversals = ["..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fwindows", "..%5C..%5Cboot.ini"];
    static readonly string[] Injections = ["' OR '1'='1", "1; DROP TABLE articles; --", Script, "%00", "{{7*7}}", "${jndi:ldap://x}"];
    static readonly string ForgedToken = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIn0.";

    sealed record Probe(HttpMethod Method, string Path, string? Token, HttpContent? Content, string What);

    /// A bad answer: 5xx, 2xx/3xx to input that should be refused, or a 4xx without a problem or errors body.
    readonly List<string> violations = [];

    async Task SendAsync(Probe probe, bool mayAccept = false)
    {
        using var request = new HttpRequestMessage(probe.Method, probe.Path) { Content = probe.Content };
        // As careful clients do: a server refusing the body at once (413) answers before the megabyte is
        // sent, instead of closing the connection under a client still writing it.
        if (probe.Content is not null) request.Headers.ExpectContinue = true;
        if (probe.Token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Token {probe.Token}");
        using var response = await platform.Gateway.SendAsync(request);
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var where = $"{probe.Method} {Shorten(probe.Path)} ({probe.What}) -> {status}";
        if (status >= 500) violations.Add($"{where}: {Shorten(text)}");
        else if (status < 400 && !mayAccept) violations.Add($"{where}: accepted");
        else if (status >= 400 && !HasErrorBody(text)) violations.Add($"{where}: no problem or errors body: '{Shorten(text)}'");
    }

    static bool HasErrorBody(string text)
    {
        try
        {
            using var body = JsonDocument.Parse(text);
            return body.RootElement.ValueKind == JsonValueKind.Object
                && (body.RootElement.TryGetProperty("errors", out _) || body.RootElement.TryGetProperty("title", out _));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static string Shorten(string text) => text.Length > 160 ? text[..160] + "..." : text;

    static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// An upload as a form sends it: the file in `field`, and other fields beside it.
    static MultipartFormDataContent Upload(byte[] file, string field = "file", params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), field, "upload.jpg" } };
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    static ByteArrayContent InvalidUtf8()
    {
        var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.ContentType = new("application/json");
        return content;
    }

    /// Bodies that no JSON route should accept, keyed by what they are.
    static IEnumerable<(string What, Func<HttpContent> Body)> BadBodies(string envelope) =>
    [
        ("malformed JSON", () => Json("{\"" + envelope + "\": {")),
        ("not an object", () => Json("[1,2,3]")),
        ("a number for the envelope", () => Json($"{{\"{envelope}\": 42}}")),
        ("empty object", () => Json("{}")),
        ("missing fields", () => Json($"{{\"{envelope}\": {{}}}}")),
        ("wrong types", () => Json($"{{\"{envelope}\": {{\"title\": 5, \"body\": [], \"email\": true, \"url\": 7, \"events\": \"x\", \"password\": {{}}, \"duration\": -1, \"name\": 1e309, \"maxLinks\": \"many\", \"reason\": [], \"tagList\": 3}}}}")),
        ("unknown fields only", () => Json($"{{\"{envelope}\": {{\"isAdmin\": true, \"role\": \"admin\"}}}}")),
        ("invalid UTF-8", InvalidUtf8),
        ("1 MB strings", () => Json($"{{\"{envelope}\": {{\"title\": \"{OneMegabyte}\", \"body\": \"{OneMegabyte}\"}}}}")),
        ("text/plain", () => new StringContent("hello", Encoding.UTF8, "text/plain")),
        // Otherwise valid values with a control character in every text field: U+0001 broke the RSS feed, NUL a write.
        ("control characters", () => Json($"{{\"{envelope}\": {{\"title\": \"Title \\u0001\", \"description\": \"d\\u0001\", \"body\": \"Body \\u0000 text\", " +
            "\"tagList\": [\"tag\\u0001\"], \"username\": \"ctl\\u0001user\", \"email\": \"ctl\\u0001@example.com\", \"password\": \"password\\u0000long\", " +
            "\"bio\": \"Bio \\u0000\", \"displayName\": \"Name \\u0001\", \"reason\": \"Reason \\u0001\", \"duration\": \"1d\", \"name\": \"Name \\u0001\", " +
            "\"text\": \"Text \\u0000\", \"url\": \"https://example.com/\\u0001\", \"events\": [\"post.published\"], " +
            "\"blockedWords\": [{\"word\": \"bad\\u0001word\", \"action\": \"hold\"}]}}")),
    ];

    [Fact]
    public async Task Every_public_route_refuses_bad_input_with_a_4xx_and_a_body_and_changes_nothing()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        var (_, created) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Sweep target", description = "unchanged", body = "Original body", tagList = new[] { "sweep" } } });
        var slug = created.GetProperty("article").GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", null)).Status == HttpStatusCode.OK,
            "Comments to know the post");
        var (_, comment) = await platform.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", blogger.Token, new { comment = new { body = "Original comment" } });
        var commentId = comment.GetProperty("comment").GetProperty("id").GetInt64();
        var before = await SnapshotAsync(slug, blogger.Token);

        // Writes: each bad body, as the right account, without a token, and with a forged one.
        (HttpMethod Method, string Path, string Envelope, string Token)[] writes =
        [
            (HttpMethod.Post, "/api/users", "user", ""),
            (HttpMethod.Post, "/api/users/login", "user", ""),
            (HttpMethod.Put, "/api/user", "user", blogger.Token),
            (HttpMethod.Post, "/api/articles", "article", blogger.Token),
            (HttpMethod.Put, $"/api/articles/{slug}", "article", blogger.Token),
            (HttpMethod.Post, "/api/articles/preview", "article", blogger.Token),
            (HttpMethod.Post, "/api/categories", "category", admin),
            (HttpMethod.Post, $"/api/articles/{slug}/comments", "comment", blogger.Token),
            (HttpMethod.Put, $"/api/articles/{slug}/comments/{commentId}", "comment", blogger.Token),
            (HttpMethod.Post, $"/api/comments/{commentId}/reports", "report", blogger.Token),
            (HttpMethod.Put, "/api/moderation/rules", "rules", admin),
            (HttpMethod.Post, $"/api/moderation/users/{blogger.Username}/suspend", "suspension", admin),
            (HttpMethod.Post, $"/api/moderation/cases/{Guid.NewGuid()}/reject", "decision", admin),
            (HttpMethod.Post, "/api/webhooks", "webhook", admin),
            (HttpMethod.Post, "/api/media", "image", blogger.Token),
            (HttpMethod.Post, "/api/notifications/read", "ids", blogger.Token),
            (HttpMethod.Put, "/api/notifications/mail", "mail", blogger.Token),
        ];
        foreach (var (method, path, envelope, token) in writes)
        {
            foreach (var (what, body) in BadBodies(envelope))
            {
                // An update may accept a body that changes nothing (`{"article":{}}`, unknown fields ignored).
                var harmless = method == HttpMethod.Put && what is "missing fields" or "unknown fields only";
                await SendAsync(new Probe(method, path, token.Length > 0 ? token : null, body(), what), mayAccept: harmless);
            }
            if (token.Length > 0)
            {
                await SendAsync(new Probe(method, path, null, Json($"{{\"{envelope}\":{{\"body\":\"x\"}}}}"), "no token"));
                await SendAsync(new Probe(method, path, ForgedToken, Json($"{{\"{envelope}\":{{\"body\":\"x\"}}}}"), "forged token"));
                await SendAsync(new Probe(method, path, "not.a.jwt", Json($"{{\"{envelope}\":{{\"body\":\"x\"}}}}"), "garbage token"));
            }
        }

        // Writes without a body, with bad ids, and for the wrong account.
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        using var uploaded = await platform.Gateway.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/media")
        {
            Content = Upload(TestImages.Jpeg(64, 48)), Headers = { Authorization = new("Token", blogger.Token) },
        });
        var imageId = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("media").GetProperty("id").GetGuid();
        var jpeg = TestImages.Jpeg(300, 200);
        Probe[] uploads =
        [
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload("just words"u8.ToArray()), "not an image"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray()), "SVG with script"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(Encoding.UTF8.GetBytes($"<html>{Script}</html>")), "HTML named .jpg"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(jpeg[..(jpeg.Length / 2)]), "cut short"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(TestImages.PngDeclaring(60_000, 60_000)), "decompression bomb"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload([.. TestImages.Gif(), .. "PK\u0003\u0004jar"u8.ToArray()]), "GIF with a JAR appended"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(TestImages.PngWithText(Script)), "script in a PNG"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload([]), "empty file"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload([.. jpeg, .. new byte[10 * 1024 * 1024]]), "over the size limit"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload([.. jpeg, .. new byte[13 * 1024 * 1024]]), "over the gateway's limit"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(jpeg, "image"), "no file field"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(jpeg, "file", ("purpose", "banner")), "unknown purpose"),
            new(HttpMethod.Post, "/api/media", blogger.Token, Upload(jpeg, "file", ("articleId", "' OR 1=1")), "bad articleId"),
            new(HttpMethod.Post, "/api/media", null, Upload(jpeg), "no token"),
            new(HttpMethod.Post, "/api/media", ForgedToken, Upload(jpeg), "forged token"),
            new(HttpMethod.Delete, $"/api/media/{imageId}", reader.Token, null, "not the owner"),
            new(HttpMethod.Delete, $"/api/media/{imageId}", null, null, "no token"),
            new(HttpMethod.Delete, $"/api/media/{Guid.NewGuid()}", blogger.Token, null, "unknown image"),
            new(HttpMethod.Delete, "/api/media/not-a-guid", blogger.Token, null, "bad id"),
            new(HttpMethod.Get, "/api/media/not-a-guid", null, null, "bad id"),
            new(HttpMethod.Get, "/media/0123456789abcdef0123456789abcdef.jpg", null, null, "unknown file"),
        ];
        foreach (var probe in uploads) await SendAsync(probe);
        foreach (var traversal in Traversals) await SendAsync(new Probe(HttpMethod.Get, $"/media/{traversal}", null, null, "path traversal"));
        Assert.Equal(HttpStatusCode.OK, (await platform.SendAsync(HttpMethod.Get, $"/api/media/{imageId}", null)).Status);
        Probe[] others =
        [
            new(HttpMethod.Delete, $"/api/articles/{slug}", reader.Token, null, "not the author"),
            new(HttpMethod.Put, $"/api/articles/{slug}", reader.Token, Json("{\"article\":{\"title\":\"Hijacked\"}}"), "not the author"),
            new(HttpMethod.Put, $"/api/articles/{slug}/comments/{commentId}", reader.Token, Json("{\"comment\":{\"body\":\"Hijacked\"}}"), "not the commenter"),
            new(HttpMethod.Delete, $"/api/articles/{slug}/comments/{commentId}", reader.Token, null, "not the commenter"),
            new(HttpMethod.Delete, $"/api/articles/{slug}/comments/not-a-guid", blogger.Token, null, "bad id"),
            new(HttpMethod.Put, $"/api/articles/{slug}/reactions/explode", blogger.Token, null, "unknown reaction"),
            new(HttpMethod.Post, $"/api/articles/{slug}/favorite", null, null, "no token"),
            new(HttpMethod.Post, $"/api/profiles/{blogger.Username}/follow", ForgedToken, null, "forged token"),
            new(HttpMethod.Put, $"/api/admin/users/{reader.Username}/roles/admin", reader.Token, null, "not an admin"),
            new(HttpMethod.Put, $"/api/admin/users/{reader.Username}/roles/emperor", admin, null, "unknown role"),
            new(HttpMethod.Put, $"/api/admin/users/{reader.Username}/featured", blogger.Token, null, "not an admin"),
            new(HttpMethod.Delete, "/api/categories/nope", blogger.Token, null, "not an admin"),
            new(HttpMethod.Get, "/api/moderation/queue", reader.Token, null, "not a moderator"),
            new(HttpMethod.Get, "/api/webhooks", blogger.Token, null, "not an admin"),
            new(HttpMethod.Get, $"/api/webhooks/{Guid.NewGuid()}/deliveries", admin, null, "unknown webhook"),
            new(HttpMethod.Get, "/api/user", null, null, "no token"),
            new(HttpMethod.Delete, "/api/user", null, null, "no token"),
            new(HttpMethod.Delete, "/api/user", ForgedToken, null, "forged token"),
            new(HttpMethod.Delete, "/api/user", blogger.Token, Json("{\"user\":{\"currentPassword\":\"a guess\"}}"), "wrong password"),
            new(HttpMethod.Delete, "/api/user", blogger.Token, Json("{\"user\":"), "malformed JSON"),
            new(HttpMethod.Delete, "/api/user", blogger.Token, Json("{\"user\":{\"currentPassword\":42}}"), "wrong type"),
            new(HttpMethod.Get, "/api/articles/feed", ForgedToken, null, "forged token"),
            new(HttpMethod.Get, "/api/user", "eyJhbGciOiJFUzI1NiJ9.eyJleHAiOjF9.AAAA", null, "expired-looking token"),
            new(HttpMethod.Put, $"/api/articles/{slug}", blogger.Token, Json("{\"article\":{\"status\":\"scheduled\",\"publishAt\":\"2030-01-01T00:00:00Z\"}}"), "scheduling a public post"),
            new(HttpMethod.Post, "/api/articles", blogger.Token, Json("{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"b\",\"status\":\"scheduled\",\"publishAt\":\"yesterday\"}}"), "unreadable publishAt"),
            new(HttpMethod.Post, "/api/articles", blogger.Token, Json("{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"b\",\"status\":\"scheduled\",\"publishAt\":\"1999-01-01T00:00:00Z\"}}"), "publishAt in the past"),
            new(HttpMethod.Post, "/api/articles", blogger.Token, Json("{\"article\":{\"title\":\"t\",\"description\":\"d\",\"body\":\"b\",\"status\":\"scheduled\",\"publishAt\":5}}"), "publishAt a number"),
            new(HttpMethod.Get, "/api/articles?status=scheduled", null, null, "no token"),
            new(HttpMethod.Get, $"/api/articles/{slug}/revisions", null, null, "no token"),
            new(HttpMethod.Get, $"/api/articles/{slug}/revisions", reader.Token, null, "not the author"),
            new(HttpMethod.Get, $"/api/articles/{slug}/revisions/not-a-guid", blogger.Token, null, "bad id"),
            new(HttpMethod.Get, $"/api/articles/{slug}/revisions/{Guid.NewGuid()}/diff?from=%27%20OR%201=1", blogger.Token, null, "bad ids"),
            new(HttpMethod.Post, $"/api/articles/{slug}/revisions/{Guid.NewGuid()}/restore", blogger.Token, null, "unknown revision"),
            new(HttpMethod.Post, $"/api/articles/{slug}/revisions/{Guid.NewGuid()}/restore", reader.Token, null, "not the author"),
            new(HttpMethod.Get, $"/api/articles/{slug}/revisions?limit=-1", blogger.Token, null, "bad limit"),
            new(HttpMethod.Get, "/api/notifications", null, null, "no token"),
            new(HttpMethod.Get, "/api/notifications?limit=-1", blogger.Token, null, "bad limit"),
            new(HttpMethod.Get, "/api/notifications?unread=maybe", blogger.Token, null, "bad filter"),
            new(HttpMethod.Post, "/api/notifications/read", blogger.Token, Json("{\"ids\":[\"' OR 1=1\"]}"), "injected id"),
            new(HttpMethod.Put, "/api/notifications/mail", blogger.Token, Json("{\"mail\":{\"address\":\"<script>@x\"}}"), "bad address"),
            new(HttpMethod.Put, "/api/notifications/mail", blogger.Token, Json("{\"mail\":{\"preferences\":{\"mention\":\"hourly\"}}}"), "unknown delivery"),
            new(HttpMethod.Put, "/api/notifications/mail", blogger.Token, Json("{\"mail\":{\"preferences\":{\"x' OR 1=1\":\"off\"}}}"), "injected kind"),
            new(HttpMethod.Post, "/api/notifications/mail/unsubscribe?user=not-a-guid&key=x", null, null, "bad user"),
            new(HttpMethod.Post, $"/api/notifications/mail/unsubscribe?user={Guid.NewGuid()}", null, null, "no key"),
            new(HttpMethod.Get, "/.well-known/webfinger", null, null, "no resource"),
            new(HttpMethod.Get, "/.well-known/webfinger?resource=acct:", null, null, "empty account"),
            new(HttpMethod.Get, $"/.well-known/webfinger?resource=acct:{blogger.Username}@elsewhere.example", null, null, "another host"),
            new(HttpMethod.Get, "/ap/posts/not-a-guid", null, null, "bad id"),
            new(HttpMethod.Post, "/inbox", null, Json("{\"type\":"), "malformed JSON"),
            new(HttpMethod.Post, "/inbox", null, Json("[1,2]"), "not an activity"),
            new(HttpMethod.Post, "/inbox", null, Json("{\"id\":\"x\u0000\",\"type\":\"Follow\",\"actor\":\"https://a.example/u\"}"), "NUL in an id"),
            new(HttpMethod.Post, $"/users/{blogger.Username}/inbox", null, Json($"{{\"type\":\"Follow\",\"actor\":\"https://mastodon.example/users/x\",\"object\":\"{blogger.Username}\"}}"), "unsigned"),
            new(HttpMethod.Post, "/inbox", null, new StringContent(new string('x', 300_000), Encoding.UTF8, "application/activity+json"), "too large"),
            new(HttpMethod.Put, "/api/federation/blocks/mastodon.example", blogger.Token, null, "not an admin"),
            new(HttpMethod.Put, $"/api/federation/blocks/{Uri.EscapeDataString("' OR 1=1")}", admin, null, "injected domain"),
            new(HttpMethod.Get, "/api/federation/blocks", null, null, "no token"),
            new(HttpMethod.Get, $"/api/federation/users/{blogger.Username}/followers?limit=-1&offset=x", null, null, "bad paging"),
        ];
        foreach (var probe in others) await SendAsync(probe);

        // Reads: path traversal and injections in paths and queries, negative and huge numbers.
        foreach (var traversal in Traversals)
        {
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles/{traversal}", null, null, "path traversal"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/profiles/{traversal}", null, null, "path traversal"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles/{traversal}/comments", null, null, "path traversal"));
        }
        foreach (var injection in Injections)
        {
            var escaped = Uri.EscapeDataString(injection);
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles/{escaped}", null, null, "injection in a slug"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/profiles/{escaped}", null, null, "injection in a username"));
            await SendAsync(new Probe(HttpMethod.Get, $"/users/{escaped}", null, null, "injection in an actor"));
            await SendAsync(new Probe(HttpMethod.Get, $"/users/{escaped}/outbox", null, null, "injection in an actor"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/federation/users/{escaped}/followers", null, null, "injection in an actor"));
            await SendAsync(new Probe(HttpMethod.Get, $"/.well-known/webfinger?resource=acct:{escaped}@{escaped}", null, null, "injection in a resource"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles?tag={escaped}&author={escaped}&q={escaped}&category={escaped}", null, null, "injection in filters"), mayAccept: true);
            await SendAsync(new Probe(HttpMethod.Get, $"/api/comments/recent?author={escaped}", null, null, "injection in author"), mayAccept: true);
        }
        string[] numbers = ["-1", "0", "99999999999999999999", "1e9", "abc", "%00"];
        foreach (var number in numbers)
        {
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles?limit={number}", null, null, $"limit {number}"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles?offset={number}&limit=1", null, null, $"offset {number}"), mayAccept: number is "0");
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles/{slug}/comments?limit={number}", null, null, $"limit {number}"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/bloggers?limit={number}", null, null, $"limit {number}"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/comments/recent?limit={number}", null, null, $"limit {number}"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/moderation/audit?limit={number}", admin, null, $"limit {number}"));
            await SendAsync(new Probe(HttpMethod.Get, $"/api/moderation/queue?offset={number}", admin, null, $"offset {number}"), mayAccept: number is "0");
            await SendAsync(new Probe(HttpMethod.Get, $"/api/webhooks/{Guid.NewGuid()}/deliveries?limit={number}", admin, null, $"limit {number}"));
        }
        foreach (var query in new[] { "一帆风顺\" OR 1=1 --", "\"\"经济\"", "-中国 or", "𠀀\u0000", new string('经', 200) })
            await SendAsync(new Probe(HttpMethod.Get, $"/api/articles?q={Uri.EscapeDataString(query)}", null, null, "CJK search"), mayAccept: true);
        await SendAsync(new Probe(HttpMethod.Get, "/api/articles?sort=sideways", null, null, "unknown sort"));
        await SendAsync(new Probe(HttpMethod.Get, "/api/nothing-here", null, null, "unknown API route"));

        Assert.True(violations.Count == 0, $"{violations.Count} bad answers:\n{string.Join("\n", violations)}");
        Assert.Equal(before, await SnapshotAsync(slug, blogger.Token));
    }

    /// What rejected writes must not change: the post's content and its thread.
    async Task<string> SnapshotAsync(string slug, string token)
    {
        var (_, article) = await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", token);
        var (_, comments) = await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}/comments", token);
        var a = article.GetProperty("article");
        // Not `updatedAt`: an accepted update that changes nothing (`{"article":{}}`) still touches it.
        return string.Join("|", a.GetProperty("title"), a.GetProperty("description"), a.GetProperty("body"), a.GetProperty("tagList"),
            a.GetProperty("category"), a.GetProperty("status"),
            string.Join(",", comments.GetProperty("comments").EnumerateArray().Select(c => $"{c.GetProperty("id")}:{c.GetProperty("body")}:{c.GetProperty("updatedAt")}")));
    }

    [Fact]
    public async Task Payloads_in_posts_comments_and_profiles_are_shown_escaped_on_every_page()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        await platform.SendAsync(HttpMethod.Put, "/api/user", blogger.Token, new { user = new { bio = $"Bio {ImageAttack}", displayName = $"Name {Script}" } });
        var (_, created) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token, new
        {
            article = new { title = $"Title {Script}", description = $"Description {ImageAttack}", body = $"Body {Script} {ImageAttack} [link](javascript:alert(1))", tagList = new[] { "sweep-xss" } },
        });
        var slug = created.GetProperty("article").GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await platform.SendAsync(HttpMethod.Post, $"/api/articles/{slug}/comments", blogger.Token,
            new { comment = new { body = $"Comment {Script} {ImageAttack}" } })).Status == HttpStatusCode.Created, "the comment to be accepted");

        string[] pages = [$"/articles/{slug}", "/", $"/blog/{blogger.Username}", "/tag/sweep-xss", $"/search?q={Uri.EscapeDataString(Script)}", $"/feed.xml?tag=sweep-xss"];
        foreach (var page in pages)
        {
            var html = await Eventually.ReturnsAsync(async () =>
            {
                using var response = await platform.Gateway.GetAsync(page);
                Assert.True((int)response.StatusCode < 500, $"{page} answered {(int)response.StatusCode}");
                return await response.Content.ReadAsStringAsync();
            }, h => h.Contains("Title", StringComparison.Ordinal) || page.StartsWith("/search", StringComparison.Ordinal), $"{page} to show the post");
            Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<img src=x", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("javascript:alert", html, StringComparison.OrdinalIgnoreCase);
        }
        using var post = await platform.Gateway.GetAsync($"/articles/{slug}");
        var postHtml = await post.Content.ReadAsStringAsync();
        Assert.Contains("&lt;script&gt;", postHtml, StringComparison.Ordinal);
        Assert.Contains("Comment &lt;script&gt;", postHtml, StringComparison.Ordinal);
    }
}
