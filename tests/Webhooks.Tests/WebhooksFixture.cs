using Blog.Topology;
using System.Text.Json;
using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.TestSupport;
using Blog.Webhooks.Infrastructure;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Webhooks.Tests;

/// Webhooks with the real Identity (admin tokens), the real broker and database, short retry delays,
/// loopback allowed (the receiver runs in the test on 127.0.0.1), and an HTTP receiver.
public sealed class WebhooksFixture() : ServiceWithIdentityFixture<WebhooksDbContext, IdentityDbContext>(PlatformServices.Webhooks.Database, new Dictionary<string, string?>
{
    ["Webhooks:RetryBaseDelay"] = "00:00:00.200",
    ["Webhooks:RetryMaxDelay"] = "00:00:01",
    ["Webhooks:GiveUpAfter"] = GiveUpAfter.ToString(),
    ["Webhooks:PollInterval"] = "00:00:00.100",
    ["Webhooks:AttemptTimeout"] = "00:00:02",
    ["Webhooks:AllowedNetworks:0"] = "127.0.0.0/8",
})
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(20);

    string? adminToken;

    public WebhookReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Receiver = await WebhookReceiver.StartAsync();
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    public async Task<string> AdminAsync() => adminToken ??= await AdminTokenAsync();

    /// Registers a receiver endpoint named `name` for `events`; returns the webhook's id and secret.
    public async Task<(Guid Id, string Secret)> RegisterAsync(string name, string[] events, Func<ReceivedWebhook, int>? respond = null)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/api/webhooks", await AdminAsync(),
            new { webhook = new { url = Receiver.Endpoint(name, respond), events } });
        Assert.Equal(System.Net.HttpStatusCode.Created, status);
        var webhook = body.GetProperty("webhook");
        return (webhook.GetProperty("id").GetGuid(), webhook.GetProperty("secret").GetString()!);
    }

    public async Task<JsonElement> WebhookAsync(Guid id) =>
        (await SendAsync(HttpMethod.Get, $"/api/webhooks/{id}", await AdminAsync())).Body.GetProperty("webhook");

    public async Task<List<JsonElement>> DeliveriesAsync(Guid id)
    {
        var (_, body) = await SendAsync(HttpMethod.Get, $"/api/webhooks/{id}/deliveries", await AdminAsync());
        return body.GetProperty("deliveries").EnumerateArray().ToList();
    }

    public Task PublishAsync<T>(T message, Guid? messageId = null) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId ?? NewId.NextGuid());

    public static PostPublished NewPost(string title = "Hello integrators") =>
        new(Guid.NewGuid(), $"post-{Guid.NewGuid():N}", title, "author", "news", ["dotnet"], DateTimeOffset.UtcNow, "A description", "http://blog.local/articles/x", Guid.NewGuid());
}

public sealed class WebhooksHealthTests(WebhooksFixture fixture)
    : ServiceHealthTests<WebhooksDbContext>(fixture, PlatformServices.Webhooks.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<WebhooksFixture>;
