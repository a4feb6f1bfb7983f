using Blog.TestSupport;
using Blog.Webhooks.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blog.Webhooks.Tests;

/// A fixture of its own: the test stops its instance's sender for good.
public sealed class RestartTests(WebhooksFixture fixture) : IClassFixture<WebhooksFixture>
{
    [Fact]
    public async Task Pending_deliveries_are_stored_and_sent_by_the_next_instance_after_the_first_stops()
    {
        var receiverUp = false;
        var (id, _) = await fixture.RegisterAsync("after-restart", ["post.published"], _ => receiverUp ? 200 : 503);
        var eventId = Guid.NewGuid();
        await fixture.PublishAsync(WebhooksFixture.NewPost(), eventId);
        await fixture.Receiver.WaitForAsync("after-restart", r => r.Count >= 1, "a first, failed attempt");

        // The first instance stops sending (as a process that went away would), the receiver comes back,
        // and a new instance with nothing in memory finds the delivery in the database.
        await fixture.Services.GetServices<IHostedService>().OfType<DeliveryDispatcher>().Single().StopAsync(CancellationToken.None);
        var attemptsBefore = fixture.Receiver.ReceivedBy("after-restart").Count;
        receiverUp = true;
        await using var restarted = fixture.StartAnotherInstance();

        var received = await fixture.Receiver.WaitForAsync("after-restart", r => r.Any(x => x.Answered == 200), "the delivery after the restart");
        Assert.All(received, r => Assert.Equal(eventId.ToString(), r.Header("Idempotency-Key")));
        Assert.Single(received, r => r.Answered == 200);
        // Asked of the new instance: the first one is gone as far as this test is concerned.
        using var client = restarted.CreateClient();
        var delivery = await Eventually.ReturnsAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/webhooks/{id}/deliveries");
            request.Headers.Authorization = new("Token", await fixture.AdminAsync());
            using var response = await client.SendAsync(request);
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("deliveries")[0].Clone();
        }, d => d.GetProperty("status").GetString() == "delivered", "delivered");
        // An attempt the first instance made but had no time to record is simply not in the log.
        Assert.InRange(delivery.GetProperty("attempts").GetInt32(), 1, attemptsBefore + 1);
        Assert.Equal(200, delivery.GetProperty("attemptLog")[delivery.GetProperty("attempts").GetInt32() - 1].GetProperty("statusCode").GetInt32());
    }
}
