using Blog.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Messaging.Tests;

/// A service's queues keep their consumers: after the broker drops its connection, and when an
/// endpoint's receive loop has ended, which MassTransit alone does not always recover from.
public sealed class EndpointRecoveryTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    const string Queue = "recovering-note-written-recorder";
    readonly Received received = new();

    static readonly Dictionary<string, string?> FastWatchdog = new()
    {
        ["Messaging:EndpointWatchdog:CheckInterval"] = "00:00:00.500",
        // Long enough to see the stopped endpoint without a consumer (rabbitmqctl takes seconds to answer on a busy machine).
        ["Messaging:EndpointWatchdog:RestartAfter"] = "00:00:10",
    };

    Task<SampleService> StartSubscriberAsync() =>
        SampleService.StartAsync("recovering", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<NoteWrittenRecorder>(), settings: FastWatchdog);

    string VirtualHost => new Uri(fixture.Broker).AbsolutePath.Trim('/');

    async Task<int> ConsumersAsync()
    {
        var queues = await RabbitMqNode.Shared.CtlAsync("list_queues", "-p", VirtualHost, "name", "consumers", "--no-table-headers", "--quiet");
        return queues.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns[0] == Queue)
            .Select(columns => int.Parse(columns[1], System.Globalization.CultureInfo.InvariantCulture))
            .SingleOrDefault();
    }

    async Task<List<string>> ConnectionsAsync()
    {
        var connections = await RabbitMqNode.Shared.CtlAsync("list_connections", "pid", "vhost", "--no-table-headers", "--quiet");
        return connections.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length > 1 && columns[1] == VirtualHost)
            .Select(columns => columns[0])
            .ToList();
    }

    async Task DeliveredAsync(SampleService publisher)
    {
        var run = Guid.NewGuid();
        await publisher.WriteNotesAsync(run, 1);
        await Eventually.TrueAsync(() => Task.FromResult(received.Of(run).Count == 1), "the note to reach the subscriber");
    }

    [Fact]
    public async Task An_endpoint_whose_receive_loop_ended_is_restarted_and_consumes_again()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await SampleService.StartAsync("publisher", fixture.Database.ConnectionString, fixture.Broker, received);
        await Eventually.TrueAsync(async () => await ConsumersAsync() == 1, "the subscriber's consumer");

        // What MassTransit's receive loop does when it gives up: the transport stops and no consumer is left.
        var endpoint = subscriber.Services.GetRequiredService<IBusControl>().CheckHealth().Endpoints.Values
            .Single(e => e.InputAddress.AbsolutePath.EndsWith(Queue, StringComparison.Ordinal)).ReceiveEndpoint;
        await endpoint.Stop(CancellationToken.None);
        await Eventually.TrueAsync(async () => await ConsumersAsync() == 0, "the stopped endpoint's consumer to go", TimeSpan.FromSeconds(8));

        await Eventually.TrueAsync(async () => await ConsumersAsync() == 1, "the watchdog to restart the endpoint", TimeSpan.FromSeconds(30));
        await DeliveredAsync(publisher);
    }

    [Fact]
    public async Task Every_queue_has_its_consumer_again_after_the_broker_closes_the_connection_repeatedly()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await SampleService.StartAsync("publisher", fixture.Database.ConnectionString, fixture.Broker, received);
        await Eventually.TrueAsync(async () => await ConsumersAsync() == 1, "the subscriber's consumer");

        // As after missed heartbeats on a loaded machine: the broker drops the services' connections, and
        // again each time they have just come back, while endpoints are being re-established.
        for (var round = 0; round < 5; round++)
        {
            var connections = await Eventually.ReturnsAsync(ConnectionsAsync, pids => pids.Count > 0, "the services to reconnect", TimeSpan.FromSeconds(60));
            foreach (var pid in connections)
            {
                await RabbitMqNode.Shared.CtlAsync("close_connection", pid, "test: connection dropped");
            }
        }

        await Eventually.TrueAsync(async () => await ConsumersAsync() == 1, "the consumer to come back", TimeSpan.FromSeconds(90));
        await DeliveredAsync(publisher);
    }
}
