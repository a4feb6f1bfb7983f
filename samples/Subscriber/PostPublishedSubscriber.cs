using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Blog.Samples.Subscriber;

/// The fields this integrator reads from a `PostPublished` event (docs/events.md lists them all).
public sealed record PublishedPost(Guid EventId, Guid PostId, string Slug, string Title, string AuthorUsername);

/// Binds a durable queue of its own to the `Blog.Contracts:PostPublished` fanout exchange and handles
/// each event before acknowledging it. Events are delivered at least once: the event id (the AMQP
/// message id, also `messageId` in the envelope) tells a redelivery from a new event.
public sealed class PostPublishedSubscriber : IAsyncDisposable
{
    const string Exchange = "Blog.Contracts:PostPublished";
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    readonly IConnection connection;
    readonly IChannel channel;
    readonly string queue;
    // A real integrator keeps handled ids where it keeps its data, in the same transaction; a bounded
    // memory of recent ids is enough for a sample that only prints.
    readonly RecentIds handled = new(10_000);

    PostPublishedSubscriber(IConnection connection, IChannel channel, string queue)
    {
        this.connection = connection;
        this.channel = channel;
        this.queue = queue;
    }

    /// Connects (retrying while the broker is not there yet) and declares the queue and its binding.
    /// The client's automatic recovery reconnects after a broker restart and consumes again.
    public static async Task<PostPublishedSubscriber> ConnectAsync(Uri broker, string queue, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            Uri = broker,
            ClientProvidedName = $"blog-sample-subscriber:{queue}",
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
        };
        while (true)
        {
            try
            {
                var connection = await factory.CreateConnectionAsync(cancellationToken);
                connection.ConnectionShutdownAsync += (_, e) => Console.Error.WriteLineAsync($"connection lost: {e.ReplyText}; reconnecting");
                connection.RecoverySucceededAsync += (_, _) => Console.Out.WriteLineAsync("reconnected");
                var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
                // Same arguments as the platform declares: a durable fanout exchange named after the event type.
                await channel.ExchangeDeclareAsync(Exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: cancellationToken);
                await channel.QueueBindAsync(queue, Exchange, routingKey: "", cancellationToken: cancellationToken);
                await channel.BasicQosAsync(prefetchSize: 0, prefetchCount: 16, global: false, cancellationToken);
                return new PostPublishedSubscriber(connection, channel, queue);
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException)
            {
                await Console.Error.WriteLineAsync($"broker {broker.Host}:{broker.Port} unreachable ({ex.Message}); retrying in 2 s");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    /// Handles events until cancelled. An event is acknowledged only after `handle` returns; a handler
    /// that throws leaves it to be delivered again; a body that is not an event is rejected (not requeued).
    public async Task RunAsync(Func<PublishedPost, Task> handle, CancellationToken cancellationToken)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            PublishedPost? post;
            try
            {
                post = Read(delivery);
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                await Console.Error.WriteLineAsync($"not a PostPublished event, rejected: {ex.Message}");
                await SettleAsync(() => channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false));
                return;
            }
            if (handled.Add(post.EventId))
            {
                try
                {
                    await handle(post);
                }
                catch (Exception ex)
                {
                    handled.Remove(post.EventId);
                    await Console.Error.WriteLineAsync($"handling event {post.EventId} failed, it will come again: {ex.Message}");
                    await SettleAsync(() => channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true));
                    return;
                }
            }
            await SettleAsync(() => channel.BasicAckAsync(delivery.DeliveryTag, multiple: false));
        };
        await channel.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);
        await Console.Out.WriteLineAsync($"subscribed: queue {queue} bound to {Exchange}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// An ack or nack on a connection that has just dropped fails; the broker then delivers the event
    /// again, and the id set drops the repeat.
    static async Task SettleAsync(Func<ValueTask> settle)
    {
        try
        {
            await settle();
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException or IOException or ObjectDisposedException)
        {
            await Console.Error.WriteLineAsync($"could not settle a delivery ({ex.Message}); it will be redelivered");
        }
    }

    /// The envelope: `messageId`, `messageType`, `sentTime` and the event under `message`.
    static PublishedPost Read(BasicDeliverEventArgs delivery)
    {
        using var envelope = JsonDocument.Parse(delivery.Body);
        var root = envelope.RootElement;
        var eventId = Guid.Parse(delivery.BasicProperties.MessageId ?? root.GetProperty("messageId").GetString()!);
        var message = root.GetProperty("message");
        return new PublishedPost(eventId, message.GetProperty("postId").GetGuid(), message.GetProperty("slug").GetString()!,
            message.GetProperty("title").GetString()!, message.GetProperty("authorUsername").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        await channel.DisposeAsync();
        await connection.DisposeAsync();
    }
}
