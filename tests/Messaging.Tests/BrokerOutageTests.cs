using Blog.Messaging.Outbox;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Blog.Messaging.Tests;

/// Stops and starts a RabbitMQ node of its own, so the other tests' broker stays up.
public sealed class BrokerOutageTests : IAsyncLifetime
{
    const int PrivateNodePort = Blog.Topology.Ports.TestBrokerOutage;
    readonly TestDatabase database = new("outage");
    readonly Received received = new();
    RabbitMqNode node = null!;

    public async Task InitializeAsync()
    {
        node = await RabbitMqNode.StartPrivateAsync(PrivateNodePort);
        await using var db = new SampleDbContext(new DbContextOptionsBuilder<SampleDbContext>()
            .UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention().Options);
        await db.Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await node.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Event_written_while_RabbitMQ_is_down_is_delivered_after_it_restarts()
    {
        var run = Guid.NewGuid();
        await using var subscriber = await SampleService.StartAsync("subscriber", database.ConnectionString, node.AmqpUri(), received,
            bus => bus.AddConsumer<NoteWrittenRecorder>());
        // One counted failure would abandon a row: failures while the broker is away must not count.
        await using var publisher = await SampleService.StartAsync("publisher", database.ConnectionString, node.AmqpUri(), received,
            settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "1" });

        await node.StopAsync();
        var written = await publisher.WriteNotesAsync(run, 5, aggregateId: "post-1");

        // The relay tries, fails, and keeps the rows.
        await Eventually.TrueAsync(async () => await publisher.WithDbAsync(db =>
            db.Set<OutboxMessage>().AnyAsync(m => m.SentAt == null && m.Attempts > 0)), "a failed publish attempt", TimeSpan.FromSeconds(60));
        Assert.Empty(received.Of(run));

        await node.StartAsync();

        var got = await Eventually.ReturnsAsync(() => Task.FromResult(received.Of(run)), m => m.Count >= 5, "the events after the restart", TimeSpan.FromSeconds(120));
        Assert.Equal(written.Select(w => w.NoteId).Order(), got.Select(m => m.Message.NoteId).Distinct().Order());
        await Eventually.TrueAsync(async () => await publisher.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.SentAt == null)) == 0,
            "every row to be marked sent");
        Assert.Equal(0, await publisher.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync(m => m.AbandonedAt != null)));
    }
}
