using Blog.Gateway;
using System.Net;
using System.Text.Json;
using Blog.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Blog.Gateway.Tests;

/// Who the client is: X-Forwarded-For counts only from a trusted proxy, so rotating it buys no budget.
public sealed class TrustedProxyTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public const string Proxy = "192.0.2.1";

    /// A POST to the sign-in route as a connection from `peer` carrying `forwardedFor`.
    async Task<int> SignInAsync(string peer, string? forwardedFor, string path = "/api/users/login")
    {
        var context = await fixture.Factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            http.Request.Method = "POST";
            http.Request.Path = path;
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream("{}"u8.ToArray());
            if (forwardedFor is not null) http.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task Rotating_X_Forwarded_For_from_an_untrusted_client_does_not_escape_the_sign_in_limit()
    {
        var statuses = new List<int>();
        // As from a local proxy that is not configured as trusted (Aspire's, in front of a gateway replica): loopback earns no trust.
        for (var i = 0; i < 5; i++) statuses.Add(await SignInAsync("127.0.0.1", $"198.51.100.{i + 1}"));

        Assert.Equal(StatusCodes.Status429TooManyRequests, statuses[3]);
        Assert.Equal(StatusCodes.Status429TooManyRequests, statuses[4]);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_a_budget_of_its_own()
    {
        var first = new List<int>();
        for (var i = 0; i < 4; i++) first.Add(await SignInAsync(Proxy, "198.51.100.200"));
        var second = await SignInAsync(Proxy, "198.51.100.201");

        Assert.DoesNotContain(StatusCodes.Status429TooManyRequests, first.Take(3));
        Assert.Equal(StatusCodes.Status429TooManyRequests, first[3]);
        Assert.NotEqual(StatusCodes.Status429TooManyRequests, second);
    }

    [Fact]
    public async Task The_sites_sign_in_and_registration_forms_are_held_to_the_sign_in_limit()
    {
        var login = new List<int>();
        for (var i = 0; i < 4; i++) login.Add(await SignInAsync("203.0.113.20", null, "/login"));
        var register = new List<int>();
        for (var i = 0; i < 4; i++) register.Add(await SignInAsync("203.0.113.21", null, "/register"));

        Assert.Equal(StatusCodes.Status429TooManyRequests, login[3]);
        Assert.Equal(StatusCodes.Status429TooManyRequests, register[3]);
    }
}

/// The gateway in front of a downstream that echoes the headers it received.
public sealed class GatewayWithEchoFixture : ServiceFixture<Program>
{
    readonly Dictionary<string, string?> settings;
    WebApplication? echo;

    public GatewayWithEchoFixture() : this(new Dictionary<string, string?> { ["RateLimits:KeyPrefix"] = $"test-{Guid.NewGuid():N}:" }) { }

    GatewayWithEchoFixture(Dictionary<string, string?> settings) : base(databaseConnectionName: null, settings) => this.settings = settings;

    public override async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        echo = builder.Build();
        echo.MapFallback((HttpContext http) => Results.Json(http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString())));
        await echo.StartAsync();
        var address = echo.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        foreach (var service in Downstreams.Names) settings[$"services:{service}:http:0"] = address;
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (echo is not null) await echo.DisposeAsync();
    }
}

public sealed class ForwardedHeaderTests(GatewayWithEchoFixture fixture) : IClassFixture<GatewayWithEchoFixture>
{
    [Fact]
    public async Task Client_supplied_forwarding_and_internal_headers_never_reach_the_services()
    {
        var context = await fixture.Factory.Server.SendAsync(http =>
        {
            http.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
            http.Request.Method = "GET";
            http.Request.Path = "/api/articles";
            http.Request.Headers["X-Forwarded-For"] = "10.0.0.1";
            http.Request.Headers["X-Forwarded-Host"] = "evil.example";
            http.Request.Headers["X-Viewer-Id"] = "made-up-viewer";
            http.Request.Headers["Forwarded"] = "for=10.0.0.2";
            http.Request.Headers["X-Real-IP"] = "10.0.0.3";
        });
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        var received = await JsonSerializer.DeserializeAsync<Dictionary<string, string>>(context.Response.Body);

        Assert.Equal("203.0.113.9", received!["x-forwarded-for"]);
        Assert.NotEqual("evil.example", received.GetValueOrDefault("x-forwarded-host"));
        // The gateway says who the viewer is: here a client without a viewer cookie, by its address and browser.
        Assert.Equal(Blog.ServiceDefaults.Views.ViewCounter.Fingerprint("203.0.113.9", ""), received["x-viewer-id"]);
        Assert.False(received.ContainsKey("forwarded"));
        Assert.False(received.ContainsKey("x-real-ip"));
    }
}
