using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// The gateways' edge cache on the whole platform (two gateway replicas behind the orchestrator's
/// proxy): anonymous reads come from memory, every kind of write shows at once on every replica, and
/// views stay exact when the read never reaches Posts.
[Collection(PlatformCollection.Name)]
public sealed class EdgeCacheEndToEndTests(PlatformFixture platform)
{
    /// Enough consecutive reads through the proxy to reach every gateway replica: each on a connection
    /// of its own, as the orchestrator's proxy spreads connections, not requests.
    const int ReadsPerCheck = 4;

    static async Task<HttpResponseMessage> ReadAsync(HttpClient visitor, Uri url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.ConnectionClose = true;
        return await visitor.SendAsync(request);
    }

    static HttpClient Visitor(string? viewer = null, string? userAgent = null)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false });
        if (viewer is not null) client.DefaultRequestHeaders.Add("Cookie", $"blog.viewer={viewer}");
        if (userAgent is not null) client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        return client;
    }

    Uri Url(string path) => new(platform.Gateway.BaseAddress!, path);

    static string CacheOf(HttpResponseMessage response) => response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : "none";

    async Task<string> PublishedPostAsync(TestAccount blogger, string title)
    {
        var (status, body) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title, description = "Cached", body = "The body.", tagList = new[] { "edge" } } });
        Assert.Equal(HttpStatusCode.Created, status);
        var slug = body.GetProperty("article").GetProperty("slug").GetString()!;
        await Eventually.TrueAsync(async () => (await platform.Gateway.GetAsync($"/api/articles/{slug}/comments")).StatusCode == HttpStatusCode.OK,
            "Comments to know the post");
        return slug;
    }

    /// Reads `path` until every gateway replica answers from its cache.
    async Task WarmAsync(HttpClient visitor, string path)
    {
        await Eventually.TrueAsync(async () =>
        {
            var hits = 0;
            for (var i = 0; i < ReadsPerCheck; i++)
            {
                using var response = await ReadAsync(visitor, Url(path));
                if (CacheOf(response) == "hit") hits++;
            }
            return hits == ReadsPerCheck;
        }, $"{path} to be cached on every gateway");
    }

    /// Right after a write: every replica shows `expected` (a second at the most, as announcements travel).
    async Task ShowsAsync(HttpClient visitor, string path, Func<string, bool> expected, string what)
    {
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < ReadsPerCheck; i++)
            {
                using var response = await ReadAsync(visitor, Url(path));
                if (!expected(await response.Content.ReadAsStringAsync())) return false;
            }
            return true;
        }, what, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task An_anonymous_post_page_carries_no_state_of_its_own_and_comes_from_memory()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "A page for everyone");
        using var firstTime = Visitor();

        using var first = await firstTime.GetAsync(Url($"/articles/{slug}"));
        var cookies = first.Headers.TryGetValues("Set-Cookie", out var set) ? set.ToList() : [];
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.All(cookies, cookie => Assert.StartsWith("blog.viewer=", cookie, StringComparison.Ordinal));
        Assert.Single(cookies);
        var html = await first.Content.ReadAsStringAsync();
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
        Assert.Contains("You need to login to comment", html, StringComparison.Ordinal);

        using var returning = Visitor(Guid.NewGuid().ToString("N"));
        await WarmAsync(returning, $"/articles/{slug}");
        using var hit = await returning.GetAsync(Url($"/articles/{slug}"));
        Assert.False(hit.Headers.Contains("Set-Cookie"));
        Assert.False(hit.Headers.Contains("X-Article-Id"));
        Assert.NotNull(hit.Headers.ETag);
    }

    [Fact]
    public async Task Each_kind_of_write_shows_on_every_gateway_right_after_it()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var reader = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "Watched by the cache");
        var page = $"/articles/{slug}";
        var api = $"/api/articles/{slug}";
        var thread = $"/api/articles/{slug}/comments";
        using var visitor = Visitor(Guid.NewGuid().ToString("N"));
        foreach (var path in new[] { page, api, thread, $"/blog/{blogger.Username}", "/api/articles?tag=edge" }) await WarmAsync(visitor, path);

        var (status, _) = await platform.SendAsync(HttpMethod.Post, thread, reader.Token, new { comment = new { body = "A fresh comment" } });
        Assert.Equal(HttpStatusCode.Created, status);
        await ShowsAsync(visitor, thread, body => body.Contains("A fresh comment", StringComparison.Ordinal), "the comment in the thread");
        await ShowsAsync(visitor, page, body => body.Contains("A fresh comment", StringComparison.Ordinal), "the comment on the page");

        await WarmAsync(visitor, api);
        (status, _) = await platform.SendAsync(HttpMethod.Put, api, blogger.Token, new { article = new { description = "Edited description" } });
        Assert.Equal(HttpStatusCode.OK, status);
        await ShowsAsync(visitor, api, body => body.Contains("Edited description", StringComparison.Ordinal), "the edit in the API");
        await ShowsAsync(visitor, "/api/articles?tag=edge", body => body.Contains("Edited description", StringComparison.Ordinal), "the edit in a list");

        await WarmAsync(visitor, page);
        (status, _) = await platform.SendAsync(HttpMethod.Put, $"{api}/reactions/handshake", reader.Token);
        Assert.Equal(HttpStatusCode.OK, status);
        await ShowsAsync(visitor, page, body => body.Contains("Shake hands 1", StringComparison.Ordinal), "the reaction on the page");

        await WarmAsync(visitor, page);
        using (var update = new HttpRequestMessage(HttpMethod.Put, "/api/user") { Content = JsonContent.Create(new { user = new { bio = "A bio the cache must not hide" } }) })
        {
            update.Headers.Authorization = new AuthenticationHeaderValue("Token", blogger.Token);
            using var updated = await platform.Gateway.SendAsync(update);
            Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        }
        await ShowsAsync(visitor, page, body => body.Contains("A bio the cache must not hide", StringComparison.Ordinal), "the new bio in the author box");

        await WarmAsync(visitor, page);
        (status, _) = await platform.SendAsync(HttpMethod.Delete, api, blogger.Token);
        Assert.Equal(HttpStatusCode.NoContent, status);
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < ReadsPerCheck; i++)
            {
                using var response = await ReadAsync(visitor, Url(page));
                if (response.StatusCode != HttpStatusCode.NotFound) return false;
            }
            return true;
        }, "the deleted post to be gone from every gateway", TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_signed_in_reader_and_a_visitor_never_get_each_others_page()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "Yours and theirs");
        using var visitor = Visitor(Guid.NewGuid().ToString("N"));
        await WarmAsync(visitor, $"/api/articles/{slug}");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", blogger.Token);
        using var signedIn = await platform.Gateway.SendAsync(request);
        Assert.Equal("miss", CacheOf(signedIn));
    }

    [Fact]
    public async Task Views_of_cached_reads_count_once_per_viewer_and_never_for_crawlers()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var slug = await PublishedPostAsync(blogger, "Counted while cached");
        async Task<long> ViewsAsync() => (await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", blogger.Token)).Body
            .GetProperty("article").GetProperty("viewsCount").GetInt64();
        var before = await ViewsAsync(); // the author's own view, once
        Assert.Equal(before, await ViewsAsync());
        var warmer = Guid.NewGuid().ToString("N");
        using (var warm = Visitor(warmer)) await WarmAsync(warm, $"/articles/{slug}");

        // Any announced write on the shared platform (a view flush, an earlier test's events still being handled)
        // drops the pages, so a read may miss. Readers, each reading twice, keep coming (six at least) until one
        // was served only from memory: the gateway alone must count that one, once.
        var viewers = new List<string>();
        var served = new List<(string Viewer, string Cache)>();
        bool ServedOnlyFromMemory(string viewer) => served.Where(s => s.Viewer == viewer).All(s => s.Cache == "hit");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); viewers.Count < 6 || !viewers.Any(ServedOnlyFromMemory);)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no reader served only from memory: {string.Join(", ", served.Select(s => s.Cache))}");
            var viewer = Guid.NewGuid().ToString("N");
            viewers.Add(viewer);
            for (var read = 0; read < 2; read++)
            {
                using var reader = Visitor(viewer);
                using var response = await ReadAsync(reader, Url($"/articles/{slug}"));
                served.Add((viewer, CacheOf(response)));
            }
        }
        using (var crawler = Visitor(Guid.NewGuid().ToString("N"), "Googlebot/2.1 (+http://www.google.com/bot.html)"))
        {
            (await crawler.GetAsync(Url($"/articles/{slug}"))).Dispose();
        }
        using (var spoofer = Visitor(warmer))
        {
            spoofer.DefaultRequestHeaders.Add("X-Viewer-Id", "made-up");
            (await spoofer.GetAsync(Url($"/articles/{slug}"))).Dispose();
        }

        // The warming viewer and each reader once; not the crawler, not a second time for anyone.
        var expected = before + 1 + viewers.Count;
        await Eventually.TrueAsync(async () => await ViewsAsync() == expected, $"{1 + viewers.Count} views", TimeSpan.FromSeconds(15));
        Assert.Equal(expected, await ViewsAsync());
    }
}
