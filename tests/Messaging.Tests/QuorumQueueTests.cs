using Blog.TestSupport;

namespace Blog.Messaging.Tests;

/// With `Messaging:QuorumQueues` (as the Kubernetes manifests set it) a service's consumer queues are quorum
/// queues, and events flow through them as through classic ones.
public sealed class QuorumQueueTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    readonly Received received = new();
    readonly Guid run = Guid.NewGuid();

    [Fact]
    public async Task Consumer_queues_are_quorum_queues_when_asked_and_deliver_events()
    {
        await using var subscriber = await SampleService.StartAsync("quorum", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<NoteWrittenRecorder>(), settings: new Dictionary<string, string?> { ["Messaging:QuorumQueues"] = "true" });
        await using var publisher = await SampleService.StartAsync("classic", fixture.Database.ConnectionString, fixture.Broker, received);

        await publisher.WriteNotesAsync(run, 3);

        await Eventually.TrueAsync(() => Task.FromResult(received.Of(run).Count == 3), "three events through the quorum queue");
        var types = (await RabbitMqNode.Shared.CtlAsync("list_queues", "-q", "-p", fixture.VirtualHost, "name", "type"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries)).Where(fields => fields.Length == 2)
            .ToDictionary(fields => fields[0], fields => fields[1]);
        var consumerQueue = Assert.Single(types.Keys, name => name.StartsWith("quorum-", StringComparison.Ordinal) && !name.EndsWith("_error", StringComparison.Ordinal));
        Assert.Equal("quorum", types[consumerQueue]);
    }
}
