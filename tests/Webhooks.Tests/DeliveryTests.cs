using Blog.ServiceDefaults.Outbound;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Blog.Contracts;
using Blog.TestSupport;

namespace Blog.Webhooks.Tests;

public sealed class DeliveryTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    [Fact]
    public async Task A_published_post_reaches_a_subscribed_receiver_once_with_a_valid_signature()
    {
        var (id, secret) = await fixture.RegisterAsync("signed", ["post.published"]);
        var (otherId, _) = await fixture.RegisterAsync("deletions-only", ["post.deleted"]);
        var post = WebhooksFixture.NewPost();
        var eventId = Guid.NewGuid();

        await fixture.PublishAsync(post, eventId);
        await fixture.PublishAsync(post, eventId); // a redelivery of the same event

        var received = (await fixture.Receiver.WaitForAsync("signed", r => r.Count >= 1, "the webhook"))[0];
        Assert.Equal(200, received.Answered);
        Assert.Equal("post.published", received.Header("X-Blog-Event"));
        Assert.Equal(eventId.ToString(), received.Header("Idempotency-Key"));
        Assert.StartsWith("application/json", received.Header("Content-Type"));
        var json = received.Json;
        Assert.Equal(eventId, json.GetProperty("id").GetGuid());
        Assert.Equal("post.published", json.GetProperty("type").GetString());
        Assert.Equal(post.Slug, json.GetProperty("data").GetProperty("slug").GetString());
        Assert.Equal(post.PostId, json.GetProperty("data").GetProperty("postId").GetGuid());
        Assert.Equal("dotnet", json.GetProperty("data").GetProperty("tags")[0].GetString());

        // The signature, recomputed here by hand as an integrator in another language would.
        var header = received.Header(WebhookSignature.HeaderName);
        var parts = header.Split(", ");
        var timestamp = parts[1]["t=".Length..];
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + ".").Concat(received.Body).ToArray()));
        Assert.Equal($"sha256={expected}", parts[0]);
        Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        Assert.True(WebhookSignature.Verify(secret, header, received.Body, DateTimeOffset.UtcNow));

        var deliveries = await Eventually.ReturnsAsync(() => fixture.DeliveriesAsync(id), d => d.Count == 1 && d[0].GetProperty("status").GetString() == "delivered", "the delivery to be recorded");
        Assert.Equal(eventId, deliveries[0].GetProperty("eventId").GetGuid());
        Assert.Equal(200, deliveries[0].GetProperty("attemptLog")[0].GetProperty("statusCode").GetInt32());
        Assert.Single(fixture.Receiver.ReceivedBy("signed"));
        Assert.Empty(await fixture.DeliveriesAsync(otherId));
        Assert.Empty(fixture.Receiver.ReceivedBy("deletions-only"));
    }

    [Fact]
    public async Task A_receiver_failing_twice_gets_the_event_on_the_third_attempt()
    {
        var (id, _) = await fixture.RegisterAsync("flaky", ["post.published"], request => request.Attempt <= 2 ? 503 : 204);
        var eventId = Guid.NewGuid();

        await fixture.PublishAsync(WebhooksFixture.NewPost(), eventId);

        var received = await fixture.Receiver.WaitForAsync("flaky", r => r.Count >= 3, "three attempts");
        Assert.Equal([503, 503, 204], received.Select(r => r.Answered));
        Assert.All(received, r => Assert.Equal(eventId.ToString(), r.Header("Idempotency-Key")));
        Assert.All(received, r => Assert.Equal(received[0].Body, r.Body));
        var delivery = (await Eventually.ReturnsAsync(() => fixture.DeliveriesAsync(id), d => d.Count == 1 && d[0].GetProperty("status").GetString() == "delivered", "delivered"))[0];
        Assert.Equal(3, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal([503, 503, 204], delivery.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()));
        var times = delivery.GetProperty("attemptLog").EnumerateArray().Select(a => a.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(100), "the first retry waits at least half the base delay");
        var webhook = await fixture.WebhookAsync(id);
        Assert.Equal("active", webhook.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, webhook.GetProperty("failingSince").ValueKind);
        Assert.Single(fixture.Receiver.ReceivedBy("flaky"), r => r.Answered == 204);
    }

    [Fact]
    public async Task A_receiver_verifying_signatures_rejects_a_tampered_body_and_a_replay()
    {
        string? secret = null;
        int Verify(ReceivedWebhook request) =>
            secret is not null && WebhookSignature.Verify(secret, request.Header(WebhookSignature.HeaderName), request.Body, DateTimeOffset.UtcNow) ? 200 : 401;
        (_, secret) = await fixture.RegisterAsync("verifying", ["post.published"], Verify);

        await fixture.PublishAsync(WebhooksFixture.NewPost("Genuine"));
        var genuine = (await fixture.Receiver.WaitForAsync("verifying", r => r.Count >= 1, "the genuine webhook"))[0];
        Assert.Equal(200, genuine.Answered);

        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(genuine.Body).Replace("Genuine", "Tampered", StringComparison.Ordinal));
        Assert.NotEqual(genuine.Body, tampered);
        Assert.Equal(401, Verify(genuine with { Body = tampered }));
        using var forged = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Receiver.Endpoint("verifying", Verify)) { Content = new ByteArrayContent(tampered) };
        request.Headers.Add(WebhookSignature.HeaderName, genuine.Header(WebhookSignature.HeaderName));
        using var response = await forged.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);

        // The same genuine request replayed ten minutes later is refused by its timestamp.
        Assert.False(WebhookSignature.Verify(secret, genuine.Header(WebhookSignature.HeaderName), genuine.Body, DateTimeOffset.UtcNow.AddMinutes(10)));
        Assert.False(WebhookSignature.Verify("another-secret-entirely", genuine.Header(WebhookSignature.HeaderName), genuine.Body, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task A_410_Gone_unsubscribes_at_once()
    {
        var (id, _) = await fixture.RegisterAsync("gone", ["post.published"], _ => 410);

        await fixture.PublishAsync(WebhooksFixture.NewPost());
        await fixture.Receiver.WaitForAsync("gone", r => r.Count >= 1, "the webhook");
        var webhook = await Eventually.ReturnsAsync(() => fixture.WebhookAsync(id), w => w.GetProperty("status").GetString() == "disabled", "the webhook to be disabled");
        Assert.Contains("410", webhook.GetProperty("disabledReason").GetString());
        Assert.Equal("cancelled", (await fixture.DeliveriesAsync(id))[0].GetProperty("status").GetString());

        // Later events are not even queued for it.
        var later = Guid.NewGuid();
        var (witnessId, _) = await fixture.RegisterAsync("gone-witness", ["post.published"]);
        await fixture.PublishAsync(WebhooksFixture.NewPost(), later);
        await fixture.Receiver.WaitForAsync("gone-witness", r => r.Any(x => x.Header("Idempotency-Key") == later.ToString()), "the witness to get the later event");
        Assert.Single(await fixture.DeliveriesAsync(id));
        Assert.Single(fixture.Receiver.ReceivedBy("gone"));
        Assert.NotEqual(id, witnessId);
    }

    [Fact]
    public async Task An_endpoint_failing_for_the_whole_retry_period_is_disabled_and_says_why()
    {
        var (id, _) = await fixture.RegisterAsync("always-down", ["post.published"], _ => 500);

        await fixture.PublishAsync(WebhooksFixture.NewPost());

        var webhook = await Eventually.ReturnsAsync(() => fixture.WebhookAsync(id), w => w.GetProperty("status").GetString() == "disabled",
            "the failing webhook to be disabled", WebhooksFixture.GiveUpAfter * 3);
        Assert.Contains("500", webhook.GetProperty("disabledReason").GetString());
        Assert.Contains("500", webhook.GetProperty("lastError").GetString());
        var delivery = (await fixture.DeliveriesAsync(id))[0];
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempts = delivery.GetProperty("attemptLog").EnumerateArray().ToList();
        Assert.True(attempts.Count >= 3, $"retried before giving up ({attempts.Count} attempts)");
        Assert.True(attempts[^1].GetProperty("at").GetDateTimeOffset() - attempts[0].GetProperty("at").GetDateTimeOffset() >= WebhooksFixture.GiveUpAfter * 0.9);
        Assert.Equal(attempts.Count, fixture.Receiver.ReceivedBy("always-down").Count);
    }

    [Fact]
    public async Task Deliveries_to_a_loopback_address_are_refused_when_it_is_not_allowed()
    {
        var policy = new TargetAddressPolicy([]);

        Assert.False(policy.IsAllowed(System.Net.IPAddress.Loopback));
        Assert.Contains("private", await policy.CheckAsync(fixture.Receiver.Endpoint("never"), CancellationToken.None));
        Assert.Contains("private", await policy.CheckAsync("http://localhost:9/x", CancellationToken.None));
    }
}
