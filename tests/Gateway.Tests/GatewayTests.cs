using Blog.Gateway;
using Blog.Topology;
using System.Net;
using System.Text.Json;
using Blog.TestSupport;

namespace Blog.Gateway.Tests;

/// The gateway alone, with Redis but no downstream service running: their addresses refuse connections.
public sealed class GatewayFixture() : ServiceFixture<Program>(databaseConnectionName: null, new Dictionary<string, string?>
{
    ["RateLimits:KeyPrefix"] = $"test-{Guid.NewGuid():N}:",
    ["RateLimits:SignInPermits"] = "3",
    ["RateLimits:PerClientPermits"] = "1000",
    ["Gateway:TrustedProxies:0"] = TrustedProxyTests.Proxy,
    ["services:identity:http:0"] = "http://127.0.0.1:9",
    ["services:posts:http:0"] = "http://127.0.0.1:9",
    ["services:comments:http:0"] = "http://127.0.0.1:9",
    ["services:moderation:http:0"] = "http://127.0.0.1:9",
    ["services:web:http:0"] = "http://127.0.0.1:9",
});

public sealed class GatewayTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429_with_Retry_After()
    {
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await fixture.Client.PostAsync("/api/users/login", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
            statuses.Add(last.StatusCode);
        }

        Assert.All(statuses.Take(3), status => Assert.NotEqual(HttpStatusCode.TooManyRequests, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.True(last!.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 must say when to retry");
        last.Dispose();
    }

    [Fact]
    public async Task Reads_are_not_held_to_the_sign_in_limit()
    {
        for (var i = 0; i < 6; i++)
        {
            using var response = await fixture.Client.GetAsync("/api/articles");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
        }
    }

    [Fact]
    public async Task Health_names_each_downstream_service_and_is_red_while_they_are_down()
    {
        using var local = ClientFrom("127.0.0.1");
        using var response = await local.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entries = report.RootElement.GetProperty("entries");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        foreach (var service in Downstreams.Names)
        {
            Assert.Equal("Unhealthy", entries.GetProperty(service).GetProperty("status").GetString());
        }
        Assert.Equal("Healthy", entries.GetProperty(PlatformResources.Redis).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_public_health_says_only_the_status()
    {
        using var remote = ClientFrom("203.0.113.80");
        using var response = await remote.GetAsync("/health");
        using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(["status"], report.RootElement.EnumerateObject().Select(p => p.Name));
    }

    /// A client of the gateway as seen from `address`.
    HttpClient ClientFrom(string address) =>
        new(fixture.Factory.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address))) { BaseAddress = fixture.Factory.Server.BaseAddress };

    [Fact]
    public async Task A_request_for_a_service_that_is_down_is_answered_not_dropped()
    {
        using var response = await fixture.Client.GetAsync("/api/articles");

        Assert.True(response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable, $"got {response.StatusCode}");
    }
}

public sealed class CorsTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_browser_front_end_on_another_origin_may_call_the_API()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/articles");
        preflight.Headers.Add("Origin", "https://conduit.example");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-requested-with");

        using var response = await fixture.Client.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("x-requested-with", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }
}
