using Blog.Topology;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Blog.ServiceDefaults.Views;
using Blog.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Blog.Gateway.Tests;

/// Stands in for Posts and the site behind the gateway: counts what reaches it and answers the way
/// the services do (an article marks its id; `?cookie=1` sets a cookie of the service's own).
public sealed class Downstream : IAsyncDisposable
{
    public static readonly Guid ArticleId = Guid.NewGuid();
    readonly WebApplication app;
    public ConcurrentQueue<(string Path, string? Viewer, string? Cookie)> Requests { get; } = new();
    public string Address { get; }

    Downstream(WebApplication app, string address) => (this.app, Address) = (app, address);

    public static async Task<Downstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        Downstream? self = null;
        app.Use(async (context, next) =>
        {
            self!.Requests.Enqueue((context.Request.Path + context.Request.QueryString, context.Request.Headers[ViewCounter.ViewerHeader].ToString(),
                context.Request.Cookies["blog.viewer"]));
            if (context.Request.Query["cookie"] == "1") context.Response.Cookies.Append("service-own", "x");
            await next(context);
        });
        string Served(HttpContext context) => $"{context.Request.Path} #{self!.Requests.Count} at {DateTimeOffset.UtcNow:O} in [{context.Request.Headers.AcceptLanguage}] {new string('x', 2000)}";
        app.MapGet("/api/articles/{slug}", (HttpContext context) =>
        {
            context.Response.Headers[ViewCounter.ArticleHeader] = ArticleId.ToString("N");
            return Results.Text(Served(context), "application/json");
        });
        app.MapGet("/api/articles", (HttpContext context) => Results.Text(Served(context), "application/json"));
        app.MapGet("/articles/{slug}", (HttpContext context) =>
        {
            context.Response.Headers[ViewCounter.ArticleHeader] = ArticleId.ToString("N");
            return Results.Text(Served(context), "text/html");
        });
        app.MapGet("/settings", (HttpContext context) => Results.Text(Served(context), "text/html"));
        app.MapGet("/search", (HttpContext context) => Results.Text(Served(context), "text/html"));
        app.MapGet("/gone", () => Results.NotFound());
        // As Media serves a file: its address is its content's hash, cached for a year.
        app.MapGet("/media/{key}", (string key, HttpContext context) =>
        {
            if (key.StartsWith("missing", StringComparison.Ordinal)) return Results.Problem(statusCode: 404, title: "Image not found");
            context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            context.Response.Headers.ETag = $"\"{key}\"";
            return Results.Bytes(System.Text.Encoding.ASCII.GetBytes($"{key} {new string('x', 2000)}"), "image/svg+xml");
        });
        app.MapGet("/broken", () => Results.StatusCode(500));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return self = new Downstream(app, address);
    }

    public int CountOf(string pathAndQuery) => Requests.Count(r => r.Path == pathAndQuery);

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

/// The gateway with its edge cache in front of `Downstream`, on the tests' real Redis (its own
/// change channel and view-counter keys).
public sealed class EdgeCacheFixture : IAsyncLifetime
{
    public string Prefix { get; } = $"edge-{Guid.NewGuid():N}:";
    public Downstream Downstream { get; private set; } = null!;
    public GatewayHost Gateway { get; private set; } = null!;
    public ConnectionMultiplexer Redis { get; private set; } = null!;
    public RedisChannel Changes => RedisChannel.Literal($"{Prefix}changes");

    public async Task InitializeAsync()
    {
        Downstream = await Downstream.StartAsync();
        Redis = await ConnectionMultiplexer.ConnectAsync(TestInfrastructure.Redis);
        Gateway = new GatewayHost(new Dictionary<string, string?>
        {
            ["RateLimits:KeyPrefix"] = Prefix,
            ["RateLimits:PerClientPermits"] = "100000",
            ["Views:KeyPrefix"] = Prefix,
            ["ContentCache:ChangesChannel"] = $"{Prefix}changes",
            ["ContentCache:VersionKeyPrefix"] = Prefix,
            ["services:identity:http:0"] = Downstream.Address,
            ["services:posts:http:0"] = Downstream.Address,
            ["services:comments:http:0"] = Downstream.Address,
            ["services:moderation:http:0"] = Downstream.Address,
            ["services:web:http:0"] = Downstream.Address,
            ["services:media:http:0"] = Downstream.Address,
        });
        await Gateway.InitializeAsync();
    }

    /// Waits until no eviction (a test's announcement, the first version read, or their repeat a
    /// second later) can drop what the next test stores.
    public Task SettledAsync() =>
        Eventually.TrueAsync(() => Task.FromResult(Gateway.Services.GetRequiredService<Blog.Gateway.EdgeCache.EdgeEvictions>().Settled),
            "the gateway's edge cache to settle");

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Downstream.DisposeAsync();
        await Redis.DisposeAsync();
    }

    public async Task<long> PendingViewsAsync()
    {
        var value = await Redis.GetDatabase().StringGetAsync($"{Prefix}views:{Downstream.ArticleId:N}");
        return value.TryParse(out long views) ? views : 0;
    }
}

public sealed class GatewayHost(Dictionary<string, string?> settings) : ServiceFixture<Program>(databaseConnectionName: null, settings);

public sealed class EdgeCacheTests(EdgeCacheFixture fixture) : IClassFixture<EdgeCacheFixture>, IAsyncLifetime
{
    public Task InitializeAsync() => fixture.SettledAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    // Like a client that keeps no cookies: each request says exactly who it is.
    readonly HttpClient client = fixture.Gateway.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });

    async Task<HttpResponseMessage> GetAsync(string path, Action<HttpRequestHeaders>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        headers?.Invoke(request.Headers);
        return await client.SendAsync(request);
    }

    static string CacheOf(HttpResponseMessage response) => response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : "none";

    static string Unique(string path) => $"{path}{(path.Contains('?') ? '&' : '?')}q={Guid.NewGuid():N}";

    [Fact]
    public async Task An_anonymous_read_is_answered_once_by_the_service_then_from_memory_with_validators()
    {
        var path = Unique("/search");
        using var first = await GetAsync(path);
        using var second = await GetAsync(path);

        Assert.Equal("miss", CacheOf(first));
        Assert.Equal("hit", CacheOf(second));
        Assert.Equal(1, fixture.Downstream.CountOf(path));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.NotNull(second.Headers.Age);
        Assert.Equal("public, no-cache", second.Headers.CacheControl?.ToString());
        var etag = second.Headers.ETag!;
        using var revalidated = await GetAsync(path, h => h.IfNoneMatch.Add(etag));
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(1, fixture.Downstream.CountOf(path));
    }

    [Fact]
    public async Task A_signed_in_reader_never_gets_a_cached_answer_nor_fills_the_cache()
    {
        var path = Unique("/search");
        using var anonymous = await GetAsync(path);
        using var withToken = await GetAsync(path, h => h.Authorization = new AuthenticationHeaderValue("Token", "abc"));
        using var withSession = await GetAsync(path, h => h.Add("Cookie", "blog.session=abc"));
        var ownPath = Unique("/search");
        using var signedInFirst = await GetAsync(ownPath, h => h.Add("Cookie", "blog.session=abc"));
        using var anonymousAfter = await GetAsync(ownPath);

        Assert.Equal(3, fixture.Downstream.CountOf(path));
        Assert.Equal("miss", CacheOf(anonymousAfter));
        Assert.Equal(2, fixture.Downstream.CountOf(ownPath));
    }

    [Fact]
    public async Task Answers_with_a_cookie_of_the_service_errors_and_staff_pages_are_never_kept()
    {
        var withCookie = Unique("/search") + "&cookie=1";
        foreach (var path in new[] { withCookie, "/broken", "/settings" })
        {
            (await GetAsync(path)).Dispose();
            using var again = await GetAsync(path);
            Assert.Equal("miss", CacheOf(again));
        }
        Assert.Equal(2, fixture.Downstream.CountOf(withCookie));
    }

    [Fact]
    public async Task Made_up_query_parameters_share_an_entry_and_the_routes_own_ones_do_not()
    {
        var tag = Guid.NewGuid().ToString("N");
        using var first = await GetAsync($"/api/articles?tag={tag}&made-up=1");
        using var second = await GetAsync($"/api/articles?other=2&tag={tag}");
        using var otherLimit = await GetAsync($"/api/articles?tag={tag}&limit=5");

        Assert.Equal("hit", CacheOf(second));
        Assert.Equal("miss", CacheOf(otherLimit));
    }

    [Fact]
    public async Task A_change_announced_by_a_service_drops_its_answers_and_the_sites_pages()
    {
        var api = $"/api/articles/{Guid.NewGuid():N}";
        var page = Unique("/search");
        foreach (var path in new[] { api, page }) (await GetAsync(path)).Dispose();
        using (var warm = await GetAsync(api)) Assert.Equal("hit", CacheOf(warm));

        await fixture.Redis.GetSubscriber().PublishAsync(fixture.Changes, PlatformServices.Posts.Name);

        await Eventually.TrueAsync(async () =>
        {
            using var response = await GetAsync(api);
            return CacheOf(response) == "miss";
        }, "the API answer to be dropped", TimeSpan.FromSeconds(5));
        using var pageAfter = await GetAsync(page);
        Assert.Equal(2, fixture.Downstream.CountOf(page));
    }

    [Fact]
    public async Task A_write_whose_announcement_was_lost_is_noticed_from_the_services_content_version()
    {
        var api = $"/api/articles/{Guid.NewGuid():N}";
        (await GetAsync(api)).Dispose();
        using (var warm = await GetAsync(api)) Assert.Equal("hit", CacheOf(warm));

        // What ContentCache does on a write, without the announcement (a PUBLISH that timed out).
        await fixture.Redis.GetDatabase().StringIncrementAsync($"{fixture.Prefix}posts:content-version:public");

        await Eventually.TrueAsync(async () =>
        {
            using var response = await GetAsync(api);
            return CacheOf(response) == "miss";
        }, "the answer to be dropped", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_first_time_visitor_gets_a_viewer_cookie_of_its_own_even_from_a_cached_page()
    {
        var path = $"/articles/{Guid.NewGuid():N}";
        using var first = await GetAsync(path);
        using var second = await GetAsync(path);

        string ViewerCookie(HttpResponseMessage response) =>
            Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("blog.viewer=", StringComparison.Ordinal)).Split(';')[0]["blog.viewer=".Length..];
        Assert.Equal("hit", CacheOf(second));
        Assert.NotEqual(ViewerCookie(first), ViewerCookie(second));
        Assert.Single(second.Headers.GetValues("Set-Cookie"));
        // On the miss the site saw the cookie the gateway issued, and the services the same viewer.
        var seen = fixture.Downstream.Requests.Single(r => r.Path == path);
        Assert.Equal(ViewerCookie(first), seen.Cookie);
        Assert.Equal(ViewerCookie(first), seen.Viewer);
        Assert.False(first.Headers.Contains(ViewCounter.ArticleHeader));
    }

    [Fact]
    public async Task Hits_count_one_view_per_viewer_and_none_for_crawlers_or_a_client_sent_viewer_id()
    {
        var path = $"/api/articles/{Guid.NewGuid():N}";
        var before = await fixture.PendingViewsAsync();
        (await GetAsync(path)).Dispose(); // the miss: Posts counts that one
        var viewers = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        foreach (var viewer in viewers.Concat(viewers))
        {
            using var hit = await GetAsync(path, h => h.Add("Cookie", $"blog.viewer={viewer}"));
            Assert.Equal("hit", CacheOf(hit));
        }
        (await GetAsync(path, h => { h.Add("Cookie", $"blog.viewer={Guid.NewGuid():N}"); h.UserAgent.ParseAdd("Googlebot/2.1"); })).Dispose();
        (await GetAsync(path, h => { h.Add(ViewCounter.ViewerHeader, "spoofed-1"); h.UserAgent.ParseAdd("same-client"); })).Dispose();
        (await GetAsync(path, h => { h.Add(ViewCounter.ViewerHeader, "spoofed-2"); h.UserAgent.ParseAdd("same-client"); })).Dispose();

        // Five cookies and one client known by its address and browser (whatever viewer id it claims).
        await Eventually.TrueAsync(async () => await fixture.PendingViewsAsync() - before == 6, "the hits' views to be counted");
        Assert.Equal(6, await fixture.PendingViewsAsync() - before);
        Assert.DoesNotContain(fixture.Downstream.Requests, r => r.Viewer?.StartsWith("spoofed", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Compressed_variants_are_kept_per_encoding()
    {
        var path = Unique("/search");
        using var brotli = await GetAsync(path, h => h.AcceptEncoding.ParseAdd("gzip, deflate, br"));
        using var brotliAgain = await GetAsync(path, h => h.AcceptEncoding.ParseAdd("br"));
        using var gzip = await GetAsync(path, h => h.AcceptEncoding.ParseAdd("gzip"));
        using var plain = await GetAsync(path);

        Assert.Equal("br", Assert.Single(brotli.Content.Headers.ContentEncoding));
        Assert.Equal("hit", CacheOf(brotliAgain));
        Assert.Equal("br", Assert.Single(brotliAgain.Content.Headers.ContentEncoding));
        Assert.Equal("gzip", Assert.Single(gzip.Content.Headers.ContentEncoding));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Equal(3, fixture.Downstream.CountOf(path));
    }

    [Fact]
    public async Task Each_language_of_the_site_is_kept_apart_and_every_other_header_shares_the_English_entry()
    {
        var path = Unique("/search");
        using var chinese = await GetAsync(path, h => h.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9,en;q=0.8"));
        using var traditional = await GetAsync(path, h => h.AcceptLanguage.ParseAdd("zh-TW"));
        using var english = await GetAsync(path, h => h.AcceptLanguage.ParseAdd("en-US"));
        using var french = await GetAsync(path, h => h.AcceptLanguage.ParseAdd("fr-FR, de;q=0.5"));
        using var none = await GetAsync(path);
        using var chosen = await GetAsync(path, h => { h.AcceptLanguage.ParseAdd("en"); h.Add("Cookie", "blog.lang=zh-Hans"); });

        Assert.Contains("in [zh-Hans]", await chinese.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("in [en]", await english.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["miss", "hit", "miss", "hit", "hit", "hit"], new[] { chinese, traditional, english, french, none, chosen }.Select(CacheOf));
        Assert.Contains("in [zh-Hans]", await chosen.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, fixture.Downstream.CountOf(path));
    }

    [Fact]
    public async Task A_file_is_one_entry_for_every_reader_kept_with_its_own_year_long_caching()
    {
        var path = $"/media/{Guid.NewGuid():N}.svg";
        using var chinese = await GetAsync(path, h => { h.AcceptLanguage.ParseAdd("zh-CN"); h.AcceptEncoding.ParseAdd("br"); });
        using var english = await GetAsync(path, h => { h.AcceptLanguage.ParseAdd("en-US"); h.AcceptEncoding.ParseAdd("gzip"); });
        using var plain = await GetAsync(path);

        Assert.Equal(["miss", "hit", "hit"], new[] { chinese, english, plain }.Select(CacheOf));
        Assert.Equal(1, fixture.Downstream.CountOf(path));
        foreach (var response in new[] { chinese, english, plain })
        {
            // Compressible as it is (SVG), yet sent as stored: one entry must suit every client.
            Assert.Empty(response.Content.Headers.ContentEncoding);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.StartsWith(path["/media/".Length..], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var missing = $"/media/missing{Guid.NewGuid():N}.svg";
        using var gone = await GetAsync(missing, h => h.AcceptEncoding.ParseAdd("br"));
        using var goneAgain = await GetAsync(missing);
        Assert.Equal(HttpStatusCode.NotFound, goneAgain.StatusCode);
        Assert.Equal("hit", CacheOf(goneAgain));
        Assert.Empty(goneAgain.Content.Headers.ContentEncoding);
        Assert.Contains("Image not found", await goneAgain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_not_found_is_kept_briefly()
    {
        (await GetAsync("/gone")).Dispose();
        using var again = await GetAsync("/gone");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("hit", CacheOf(again));
    }
}
