using Blog.Topology;
using System.Net;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.EndToEnd;

[Collection(PlatformCollection.Name)]
public sealed class GatewayEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_service_is_healthy_through_the_gateway()
    {
        using var response = await platform.Gateway.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var service in PlatformServices.Downstream.Select(service => service.Name))
        {
            var entry = report.RootElement.GetProperty("entries").GetProperty(service);
            Assert.Equal("Healthy", entry.GetProperty("status").GetString());
            // The service's own report rides along: its database, Redis and RabbitMQ were checked too.
            Assert.Equal("Healthy", entry.GetProperty("data").GetProperty("report").GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData("/api/articles", HttpStatusCode.OK, "articlesCount")]
    [InlineData("/api/profiles/nobody", HttpStatusCode.NotFound, "Profile not found")]
    [InlineData("/api/articles/no-such-post/comments", HttpStatusCode.NotFound, "Article not found")]
    [InlineData("/", HttpStatusCode.OK, "<h1>Latest posts</h1>")]
    public async Task Each_path_reaches_the_service_that_owns_it(string path, HttpStatusCode status, string servedBy)
    {
        using var response = await platform.Gateway.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Contains(servedBy, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Moderation_answers_its_paths_and_asks_for_a_token()
    {
        using var response = await platform.Gateway.GetAsync("/api/moderation/queue");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        // The challenge of a service's JWT handler, not the site's 404 or the gateway's own answer.
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Bearer");
    }

    [Fact]
    public async Task A_request_body_over_the_limit_is_refused_with_413()
    {
        using var body = new ByteArrayContent(new byte[2 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");

        // Sent as careful clients send a large body (as the bad-input sweep does): headers first, the body once the
        // server says go on, so the 413 is read rather than racing the upload (a broken pipe). Signed in, so the
        // service reads the body rather than refusing the headers with a 401.
        var writer = await Accounts.RegisterAsync(platform.Gateway);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/articles") { Content = body };
        request.Headers.ExpectContinue = true;
        request.Headers.Authorization = new("Token", writer.Token);
        using var response = await platform.Gateway.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
