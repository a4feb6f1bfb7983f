using Blog.Topology;
using System.Net;
using System.Text.RegularExpressions;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Web.Tests;

/// The site alone, with no service to call: every page must still answer, saying what is missing.
public sealed class WebFixture() : ServiceFixture<Program>(databaseConnectionName: null, new Dictionary<string, string?>
{
    ["KeyEncryption:Key"] = "a key-encryption secret for the site's tests",
});

public sealed class WebHealthTests(WebFixture fixture)
    : ServiceHealthTests<Program>(fixture, PlatformResources.Redis), IClassFixture<WebFixture>;

public sealed partial class DegradedSiteTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    [GeneratedRegex("<script", RegexOptions.IgnoreCase)]
    private static partial Regex Script();

    [Fact]
    public async Task The_home_page_renders_without_its_services_and_without_scripts()
    {
        using var response = await fixture.Client.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>Latest posts</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Posts are unavailable right now", html, StringComparison.Ordinal);
        Assert.Contains("Welcome to Blog", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(Script(), html);
    }

    [Fact]
    public async Task Every_page_carries_the_security_headers()
    {
        using var response = await fixture.Client.GetAsync("/login");

        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.DoesNotContain("data:", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "plain http must not pin browsers to https");
    }

    [Fact]
    public async Task Data_Protection_keys_are_stored_encrypted_in_Redis()
    {
        using var response = await fixture.Client.GetAsync("/login");
        var redis = fixture.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();

        var keys = (await redis.ListRangeAsync("blog:web:data-protection-keys")).Select(k => k.ToString()).ToList();

        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Contains("<encryptedKey", key, StringComparison.Ordinal));
        Assert.All(keys, key => Assert.DoesNotContain("<masterKey", key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Over_https_pages_carry_HSTS()
    {
        using var client = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://blog.example") });
        using var response = await client.GetAsync("/login");

        Assert.StartsWith("max-age=31536000", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_whose_service_is_down_gets_a_friendly_503_and_a_missing_page_a_friendly_404()
    {
        using var post = await fixture.Client.GetAsync("/articles/anything");
        using var missing = await fixture.Client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.StatusCode);
        Assert.Contains("Temporarily unavailable", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Page not found", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forms_carry_an_antiforgery_token_and_a_post_without_it_is_refused()
    {
        var login = await fixture.Client.GetStringAsync("/login");
        using var forged = await fixture.Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "someone@example.com", ["Password"] = "whatever1",
        }));

        Assert.Contains("name=\"__RequestVerificationToken\"", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Signing_in_while_Identity_is_down_says_so()
    {
        var (client, token) = await fixture.FormAsync("/login");
        using var response = await client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "someone@example.com", ["Password"] = "whatever1", ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("Sign-in is unavailable right now", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

static partial class SiteForms
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// A client keeping cookies, and the antiforgery token of the form on `path`.
    public static async Task<(HttpClient Client, string Token)> FormAsync(this WebFixture fixture, string path)
    {
        var client = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        var html = await client.GetStringAsync(path);
        return (client, AntiforgeryField().Match(html).Groups[1].Value);
    }
}
