using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Blog.TestSupport;

/// What an integrator does: a queue of its own bound to an event's exchange (`Blog.Contracts:UserRegistered`),
/// read with plain RabbitMQ.Client. Keeps each delivery's AMQP message id and JSON envelope.
public sealed class ExchangeSubscriber : IAsyncDisposable
{
    readonly IConnection connection;
    readonly IChannel channel;

    ExchangeSubscriber(IConnection connection, IChannel channel)
    {
        this.connection = connection;
        this.channel = channel;
    }

    public ConcurrentQueue<(string? MessageId, JsonElement Envelope)> Deliveries { get; } = new();

    public static async Task<ExchangeSubscriber> StartAsync(string broker, string eventType)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(broker) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var exchange = $"Blog.Contracts:{eventType}";
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true);
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, "");
        var subscriber = new ExchangeSubscriber(connection, channel);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            using var envelope = JsonDocument.Parse(Encoding.UTF8.GetString(delivery.Body.Span));
            subscriber.Deliveries.Enqueue((delivery.BasicProperties.MessageId, envelope.RootElement.Clone()));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue, autoAck: true, consumer);
        return subscriber;
    }

    /// Waits for a delivery whose `message` matches, and returns that message.
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what)
    {
        var found = await Eventually.ReturnsAsync(
            () => Task.FromResult(Deliveries.Select(d => d.Envelope.GetProperty("message")).Where(match).ToList()),
            messages => messages.Count > 0, what);
        return found[0];
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
