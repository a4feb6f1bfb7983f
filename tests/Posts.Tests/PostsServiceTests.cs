using System.Net.Http.Json;
using System.Text.Json;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Posts.Tests;

public sealed class PostsFixture() : ServiceFixture<PostsDbContext>("postsdb");

public sealed class PostsHealthTests(PostsFixture fixture)
    : ServiceHealthTests<PostsDbContext>(fixture, "postsdb", "redis", "masstransit-bus"), IClassFixture<PostsFixture>;

public sealed class ArticlesApiTests(PostsFixture fixture) : IClassFixture<PostsFixture>
{
    [Fact]
    public async Task Article_list_has_the_RealWorld_shape()
    {
        var list = await fixture.Client.GetFromJsonAsync<JsonElement>("/api/articles");

        Assert.Equal(JsonValueKind.Array, list.GetProperty("articles").ValueKind);
        Assert.Equal(0, list.GetProperty("articlesCount").GetInt32());
    }
}

/// What an integrator sees: a queue of its own bound to the event's exchange, read with plain RabbitMQ.Client.
public sealed class PostPublishedContractTests(PostsFixture fixture) : IClassFixture<PostsFixture>
{
    [Fact]
    public async Task PostPublished_written_through_the_outbox_reaches_a_plain_AMQP_subscriber_of_its_exchange()
    {
        await using var subscriber = await ExchangeSubscriber.StartAsync(fixture.Broker, nameof(PostPublished));
        var published = new PostPublished(Guid.NewGuid(), "hello-world", "Hello, world", "alice", "News", ["intro"], DateTimeOffset.UtcNow);

        var row = await fixture.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PostsDbContext>();
            var outboxRow = db.AddIntegrationEvent(published.PostId.ToString(), published);
            await db.SaveChangesAsync();
            return outboxRow;
        });

        var message = await subscriber.WaitForAsync(m => m.GetProperty("postId").GetGuid() == published.PostId, "the PostPublished delivery");
        var (messageId, envelope) = subscriber.Deliveries.Single();
        Assert.Equal(row.MessageId.ToString(), envelope.GetProperty("messageId").GetString());
        Assert.Equal(row.MessageId.ToString(), messageId);
        Assert.Contains("urn:message:Blog.Contracts:PostPublished", envelope.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("hello-world", message.GetProperty("slug").GetString());
        Assert.Equal("alice", message.GetProperty("authorUsername").GetString());
    }
}
