using System.Net;
using Blog.Contracts;
using Blog.TestSupport;

namespace Blog.EndToEnd;

/// What an integrator sees of a post published through the gateway: the raw AMQP event in its own
/// queue (samples/Subscriber) and a signed webhook, both carrying the same event id.
[Collection(PlatformCollection.Name)]
public sealed class IntegratorsEndToEndTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_published_post_reaches_the_sample_subscriber_and_a_signed_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var admin = await Accounts.LoginAsync(platform.Gateway, "admin@blog.local", PlatformFixture.AdminPassword);
        var (registered, webhook) = await platform.SendAsync(HttpMethod.Post, "/api/webhooks", admin,
            new { webhook = new { url = receiver.Endpoint("crm"), events = new[] { "post.published" } } });
        Assert.Equal(HttpStatusCode.Created, registered);
        var webhookId = webhook.GetProperty("webhook").GetProperty("id").GetGuid();
        var secret = webhook.GetProperty("webhook").GetProperty("secret").GetString()!;
        await using var sample = SubscriberSample.Start(platform.BrokerUri, $"e2e-sample-{Guid.NewGuid():N}");
        await sample.WaitForAsync(lines => lines.Any(l => l.StartsWith("subscribed:", StringComparison.Ordinal)), "the sample to subscribe", TimeSpan.FromSeconds(60));

        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (created, article) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "For integrators", description = "events", body = "Hello.", tagList = new[] { "api" } } });
        Assert.Equal(HttpStatusCode.Created, created);
        var slug = article.GetProperty("article").GetProperty("slug").GetString()!;

        await sample.WaitForAsync(_ => sample.PostsWith(slug).Count >= 1, "the sample to print the post");
        var printed = sample.PostsWith(slug)[0];
        Assert.Contains($"\"For integrators\" by {blogger.Username}", printed);

        var delivered = (await receiver.WaitForAsync("crm", r => r.Any(x => x.Json.GetProperty("data").GetProperty("slug").GetString() == slug), "the webhook"))
            .First(x => x.Json.GetProperty("data").GetProperty("slug").GetString() == slug);
        Assert.True(WebhookSignature.Verify(secret, delivered.Header(WebhookSignature.HeaderName), delivered.Body, DateTimeOffset.UtcNow));
        var eventId = delivered.Json.GetProperty("id").GetGuid();
        Assert.Contains($"(event {eventId})", printed);
        Assert.Equal(eventId.ToString(), delivered.Header("Idempotency-Key"));
        Assert.Equal(blogger.Username, delivered.Json.GetProperty("data").GetProperty("authorUsername").GetString());

        var deliveries = await Eventually.ReturnsAsync(async () => (await platform.SendAsync(HttpMethod.Get, $"/api/webhooks/{webhookId}/deliveries", admin)).Body,
            body => body.GetProperty("deliveries").EnumerateArray().Any(d => d.GetProperty("eventId").GetGuid() == eventId && d.GetProperty("status").GetString() == "delivered"),
            "the delivery to be listed as delivered");
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.SendAsync(HttpMethod.Get, "/api/webhooks", blogger.Token)).Status);
        Assert.NotEqual(default, deliveries.ValueKind);
    }
}
