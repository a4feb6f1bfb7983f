using System.Text.Json;
using Blog.Contracts;
using Blog.Identity.Infrastructure;
using Blog.Notifications.Infrastructure;
using Blog.TestSupport;
using Blog.Topology;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Notifications.Tests;

/// Notifications with the real Identity (tokens, and its account and follow events on the same broker),
/// real PostgreSQL, Redis and RabbitMQ. Other services' events are published as they would publish them.
public class NotificationsFixture(Dictionary<string, string?>? settings = null)
    : ServiceWithIdentityFixture<NotificationsDbContext, IdentityDbContext>(PlatformServices.Notifications.Database, settings)
{
    /// Publishes an event with a message id of its own (each publication is a distinct message).
    public Task PublishAsync<T>(T message) where T : class =>
        Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = NewId.NextGuid());

    static long revision = 1000;
    static long number = 5000;

    /// A post published by `author`, known to Notifications through its event.
    public async Task<Guid> PublishedPostAsync(TestAccount author, string title = "A post to talk about")
    {
        var post = new PostPublished(Guid.NewGuid(), $"post-{Guid.NewGuid():N}", title, author.Username, null, [], DateTimeOffset.UtcNow, AuthorId: author.Id);
        await PublishAsync(post);
        await Eventually.TrueAsync(async () => await Database!.ScalarAsync<long>("SELECT count(*) FROM known_posts WHERE post_id = $1", post.PostId) == 1,
            "the post to be known");
        return post.PostId;
    }

    /// A new visible comment, as Comments would announce it (a reply naming its parent's author, as Comments does).
    public static CommentCreated Comment(Guid post, TestAccount author, string body, CommentCreated? parent = null) =>
        new(Guid.NewGuid(), post, parent?.CommentId, author.Id, author.Username, body, true, DateTimeOffset.UtcNow,
            1, Interlocked.Increment(ref revision), Interlocked.Increment(ref number), parent?.AuthorId);

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

public sealed class DefaultNotificationsFixture() : NotificationsFixture();

/// Notifications sending mail to a real SMTP server of its own (smtp4dev), which a test stops and starts.
/// Mail waits 1 s for moderation, at most one "at once" mail per reader every 3 s; the digest hour is midnight UTC.
public sealed class MailFixture() : NotificationsFixture(new()
{
    ["Mail:SmtpHost"] = "127.0.0.1",
    ["Mail:SmtpPort"] = Ports.TestSmtp.ToString(System.Globalization.CultureInfo.InvariantCulture),
    ["Mail:Sender"] = "Blog <notifications@blog.test>",
    ["Mail:HoldFor"] = "00:00:01",
    ["Mail:MinInterval"] = "00:00:03",
    ["Mail:DigestHour"] = "0",
    ["Mail:ComposeInterval"] = "00:00:00.200",
    ["Mail:SendInterval"] = "00:00:00.200",
    ["Mail:FirstRetryAfter"] = "00:00:00.300",
    // A mail server back after a long restart (half a minute on a loaded machine) is tried again within a second or two.
    ["Mail:LongestRetryAfter"] = "00:00:01.500",
    ["Site:BaseUrl"] = SiteUrl,
})
{
    public const string SiteUrl = "http://blog.test";

    public MailServer Mail { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Mail = await MailServer.StartAsync(Ports.TestSmtp, Ports.TestMailInbox);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Mail.DisposeAsync();
    }
}

public sealed class NotificationsHealthTests(DefaultNotificationsFixture fixture)
    : ServiceHealthTests<NotificationsDbContext>(fixture, PlatformServices.Notifications.Database, PlatformResources.Redis, "masstransit-bus"), IClassFixture<DefaultNotificationsFixture>;
