using System.Text.Json;
using Blog.Identity.Infrastructure;
using Blog.Notifications.Infrastructure;
using Blog.TestSupport;
using Blog.Topology;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Notifications.Tests;

/// Notifications with the real Identity (tokens, and its account and follow events on the same broker),
/// real PostgreSQL, Redis and RabbitMQ. Other services' events are published as they would publish them.
public sealed class NotificationsFixture() : ServiceWithIdentityFixture<NotificationsDbContext, IdentityDbContext>(PlatformServices.Notifications.Database)
{
    /// Publishes an event with a message id of its own (each publication is a distinct message).
    public Task PublishAsync<T>(T message) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = NewId.NextGuid());

    /// The reader's inbox (`GET /api/notifications`).
    public async Task<JsonElement> InboxAsync(TestAccount reader, string query = "")
    {
        var (status, body) = await SendAsync(HttpMethod.Get, $"/api/notifications{query}", reader.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, status);
        return body;
    }

    /// Waits until the reader's inbox lists `count` notifications, and returns it.
    public Task<JsonElement> InboxOfAsync(TestAccount reader, int count) =>
        Eventually.ReturnsAsync(() => InboxAsync(reader), inbox => inbox.GetProperty("notificationsCount").GetInt32() == count,
            $"{reader.Username}'s inbox to list {count}");

    /// `follower` follows `blogger` at Identity, which tells Notifications.
    public async Task FollowAsync(TestAccount follower, TestAccount blogger)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/profiles/{blogger.Username}/follow");
        request.Headers.Authorization = new("Token", follower.Token);
        using var response = await Identity.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// Waits until Notifications knows the account by name (from Identity's `UserRegistered`).
    public Task KnowsAsync(TestAccount account) =>
        Eventually.TrueAsync(async () => await Database!.ScalarAsync<long>("SELECT count(*) FROM known_accounts WHERE user_id = $1", account.Id) == 1,
            $"Notifications to know {account.Username}");
}

public sealed class NotificationsHealthTests(NotificationsFixture fixture)
    : ServiceHealthTests<NotificationsDbContext>(fixture, PlatformServices.Notifications.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<NotificationsFixture>;
