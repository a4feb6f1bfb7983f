using System.Net;
using System.Text.Json;
using Blog.TestSupport;
using Blog.Topology;

namespace Blog.EndToEnd;

/// The fediverse's way in, through the gateway: WebFinger, the actor for ActivityPub clients and the
/// author page for browsers, an inbox that refuses the unsigned, and the handle in the post page's author box.
/// (Following and deliveries against a real ActivityPub server: Federation.Tests.)
[Collection(PlatformCollection.Name)]
public sealed class FederationEndToEndTests(PlatformFixture platform)
{
    static readonly string Site = Ports.LocalSite;
    static readonly string Host = new Uri(Ports.LocalSite).Authority;

    [Fact]
    public async Task A_blogger_is_found_and_read_as_an_actor_through_the_gateway_and_the_site_shows_the_handle()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);

        var jrd = await Eventually.ReturnsAsync(async () =>
        {
            using var response = await platform.Gateway.GetAsync($"/.well-known/webfinger?resource=acct:{blogger.Username}@{Host}");
            return response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone() : default;
        }, found => found.ValueKind == JsonValueKind.Object, $"WebFinger to find {blogger.Username}");
        var self = jrd.GetProperty("links").EnumerateArray().Single(link => link.GetProperty("rel").GetString() == "self").GetProperty("href").GetString();
        Assert.Equal($"{Site}/users/{blogger.Username}", self);

        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/users/{blogger.Username}"))
        {
            request.Headers.Accept.ParseAdd("application/activity+json");
            using var response = await platform.Gateway.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var person = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Person", person.RootElement.GetProperty("type").GetString());
            Assert.Equal($"{Site}/inbox", person.RootElement.GetProperty("endpoints").GetProperty("sharedInbox").GetString());
            Assert.StartsWith("-----BEGIN PUBLIC KEY-----", person.RootElement.GetProperty("publicKey").GetProperty("publicKeyPem").GetString());
        }

        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = platform.Gateway.BaseAddress })
        using (var page = await browser.GetAsync($"/users/{blogger.Username}"))
        {
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal($"{Site}/blog/{blogger.Username}", page.Headers.Location?.ToString());
        }

        using (var unsigned = await platform.Gateway.PostAsync("/inbox", new StringContent(
            $$"""{"type":"Follow","actor":"https://mastodon.example/users/someone","object":"{{self}}"}""", System.Text.Encoding.UTF8, "application/activity+json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        }

        var (status, body) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Followable from afar", description = "Federated", body = "The body." } });
        Assert.Equal(HttpStatusCode.Created, status);
        var post = await platform.Gateway.GetStringAsync($"/articles/{body.GetProperty("article").GetProperty("slug").GetString()}");
        Assert.Contains($"@{blogger.Username}@{Host}", post);
    }
}
