using Blog.Contracts;
using Blog.TestSupport;
using MassTransit;

namespace Blog.Messaging.Tests;

/// samples/Subscriber against a RabbitMQ node of the test's own, stopped and started under it.
public sealed class SubscriberSampleTests : IAsyncLifetime
{
    const int PrivateNodePort = Blog.Topology.Ports.TestSubscriberBroker;
    RabbitMqNode node = null!;

    public async Task InitializeAsync() => node = await RabbitMqNode.StartPrivateAsync(PrivateNodePort);

    public async Task DisposeAsync() => await node.DisposeAsync();

    [Fact]
    public async Task The_sample_prints_each_post_once_and_keeps_going_across_a_broker_restart()
    {
        await using var sample = SubscriberSample.Start(node.AmqpUri(), $"sample-{Guid.NewGuid():N}");
        await sample.WaitForAsync(lines => lines.Any(l => l.StartsWith("subscribed:", StringComparison.Ordinal)), "the sample to subscribe", TimeSpan.FromSeconds(60));

        var first = Post("Before the restart");
        var firstId = Guid.NewGuid();
        await PublishAsync(first, firstId);
        await PublishAsync(first, firstId); // the same event delivered twice
        await sample.WaitForAsync(_ => sample.PostsWith(first.Slug).Count >= 1, "the first post");

        await node.StopAsync();
        await node.StartAsync();

        // Published as soon as the broker is back, possibly before the sample has reconnected:
        // its durable queue keeps the event until it consumes again.
        var second = Post("After the restart");
        await PublishAsync(second, Guid.NewGuid());
        await sample.WaitForAsync(_ => sample.PostsWith(second.Slug).Count >= 1, "the post published after the restart", TimeSpan.FromSeconds(90));
        Assert.Contains(sample.Lines, l => l == "reconnected");

        var third = Post("Later still");
        await PublishAsync(third, Guid.NewGuid());
        await sample.WaitForAsync(_ => sample.PostsWith(third.Slug).Count >= 1, "a later post");
        Assert.Single(sample.PostsWith(first.Slug));
        Assert.Single(sample.PostsWith(second.Slug));
        Assert.Contains($"\"After the restart\" by blogger at /articles/{second.Slug}", sample.PostsWith(second.Slug)[0]);
    }

    static PostPublished Post(string title) =>
        new(Guid.NewGuid(), $"sample-{Guid.NewGuid():N}", title, "blogger", null, [], DateTimeOffset.UtcNow);

    /// Published the way the platform publishes: MassTransit's envelope on the event type's fanout exchange.
    async Task PublishAsync(PostPublished post, Guid messageId)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit => rabbit.Host(new Uri(node.AmqpUri().Replace("amqp://guest:guest@", "rabbitmq://", StringComparison.Ordinal)), host =>
        {
            host.Username("guest");
            host.Password("guest");
        }));
        await bus.StartAsync();
        try
        {
            await bus.Publish(post, context => context.MessageId = messageId);
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
