using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

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
        var factory = new ConnectionFactory { Uri = new Uri(fixture.Broker) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync("Blog.Contracts:PostPublished", ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, "Blog.Contracts:PostPublished", "");
        var deliveries = new List<BasicDeliverEventArgs>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            lock (deliveries) deliveries.Add(new BasicDeliverEventArgs(delivery.ConsumerTag, delivery.DeliveryTag, delivery.Redelivered,
                delivery.Exchange, delivery.RoutingKey, delivery.BasicProperties, delivery.Body.ToArray()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);

        var published = new PostPublished(Guid.NewGuid(), "hello-world", "Hello, world", "alice", "News", ["intro"], DateTimeOffset.UtcNow);
        var row = await fixture.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<PostsDbContext>();
            var outboxRow = db.AddIntegrationEvent(published.PostId.ToString(), published);
            await db.SaveChangesAsync();
            return outboxRow;
        });

        await Eventually.TrueAsync(() => Task.FromResult(deliveries.Count > 0), "the PostPublished delivery");
        var delivery = deliveries.Single();
        using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
        Assert.Equal(row.MessageId.ToString(), envelope.RootElement.GetProperty("messageId").GetString());
        Assert.Equal(row.MessageId.ToString(), delivery.BasicProperties.MessageId);
        Assert.Contains("urn:message:Blog.Contracts:PostPublished", envelope.RootElement.GetProperty("messageType").EnumerateArray().Select(t => t.GetString()));
        var message = envelope.RootElement.GetProperty("message");
        Assert.Equal(published.PostId, message.GetProperty("postId").GetGuid());
        Assert.Equal("hello-world", message.GetProperty("slug").GetString());
        Assert.Equal("alice", message.GetProperty("authorUsername").GetString());
    }
}
