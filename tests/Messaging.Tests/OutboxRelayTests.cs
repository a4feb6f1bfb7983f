using Blog.Messaging.Outbox;
using Blog.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Messaging.Tests;

public sealed class OutboxRelayTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    readonly Received received = new();
    readonly Guid run = Guid.NewGuid();

    Task<SampleService> StartPublisherAsync(string replica = "1", IReadOnlyDictionary<string, string?>? settings = null) =>
        SampleService.StartAsync("publisher", fixture.Database.ConnectionString, fixture.Broker, received, replica: replica, settings: settings);

    /// The aggregate of this test's rows a service of another version might have left: rows of other tests
    /// (in the shared database) are other aggregates, so they neither block nor are blocked by these.
    string BadAggregate => $"bad-{run}";

    /// Writes a row as a service of another version might have left it.
    async Task<Guid> InsertRowAsync(string messageType, string payload)
    {
        var id = Guid.NewGuid();
        await fixture.Database.ScalarAsync<int>(
            "INSERT INTO outbox_messages (message_id, aggregate_id, message_type, payload, created_at, attempts) VALUES ($1, $2, $3, $4::jsonb, now(), 0) RETURNING 1",
            id, BadAggregate, messageType, payload);
        return id;
    }

    Task<SampleService> StartSubscriberAsync(Action<IEndpointRegistrationConfigurator>? endpoint = null) =>
        SampleService.StartAsync("subscriber", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<NoteWrittenRecorder>().Endpoint(e => endpoint?.Invoke(e)));

    Task<IReadOnlyList<(Guid MessageId, NoteWritten Message, string Replica)>> ReceivedAsync(int count, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(() => Task.FromResult(received.Of(run)), got => got.Count >= count, $"{count} events of run {run}", timeout);

    [Fact]
    public async Task Event_committed_with_its_state_change_reaches_a_consumer_of_another_service()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();

        var written = await publisher.WriteNotesAsync(run, 1);

        var got = await ReceivedAsync(1);
        Assert.Equal(written[0], got[0].Message);
        var row = await publisher.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.MessageId == got[0].MessageId));
        await Eventually.TrueAsync(async () => await publisher.WithDbAsync(db =>
            db.Set<OutboxMessage>().AnyAsync(m => m.Id == row.Id && m.SentAt != null)), "the row to be marked sent");
    }

    [Fact]
    public async Task Event_in_a_rolled_back_transaction_is_never_published()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();

        await using (var scope = publisher.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.AddIntegrationEvent("rolled-back", new NoteWritten(run, Guid.NewGuid(), "rolled-back", 0, "never"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
        }
        var committed = await publisher.WriteNotesAsync(run, 1, text: "committed");

        var got = await ReceivedAsync(1);
        // The committed event was written after the rolled-back one: once it is here, the other would be too.
        Assert.Equal(committed[0].NoteId, Assert.Single(got).Message.NoteId);
    }

    [Fact]
    public async Task Events_of_one_aggregate_are_published_in_the_order_they_were_written()
    {
        // One message at a time on the subscriber, so its order of handling is the order of arrival.
        await using var subscriber = await StartSubscriberAsync(endpoint => endpoint.ConcurrentMessageLimit = 1);
        await using var publisher = await StartPublisherAsync();

        for (var batch = 0; batch < 5; batch++)
        {
            await publisher.WriteNotesAsync(run, 30, aggregateId: "post-1");
        }

        var got = await ReceivedAsync(150);
        Assert.Equal(150, got.Count);
        for (var i = 1; i < got.Count; i++)
        {
            var previous = got[i - 1].Message.Sequence;
            var current = got[i].Message.Sequence;
            // Sequences restart at 0 with each written batch of 30.
            Assert.True(current == previous + 1 || (current == 0 && previous == 29), $"out of order at {i}: {previous} then {current}");
        }
    }

    [Fact]
    public async Task Interleaved_aggregates_published_side_by_side_each_keep_their_order()
    {
        await using var subscriber = await StartSubscriberAsync(endpoint => endpoint.ConcurrentMessageLimit = 1);
        await using var publisher = await StartPublisherAsync();

        // One batch holding twelve aggregates' rows mixed together: the relay sends the aggregates at once.
        await publisher.WriteNotesAsync(run, 96, aggregateId: "post", aggregates: 12);

        var got = await ReceivedAsync(96);
        Assert.Equal(96, got.Select(m => m.MessageId).Distinct().Count());
        foreach (var aggregate in got.GroupBy(m => m.Message.AggregateId))
        {
            var sequences = aggregate.Select(m => m.Message.Sequence).ToList();
            Assert.Equal(8, sequences.Count);
            Assert.Equal(sequences.Order(), sequences);
        }
    }

    [Fact]
    public async Task Two_replicas_relaying_one_outbox_send_each_row_exactly_once()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var first = await StartPublisherAsync("1");
        await using var second = await StartPublisherAsync("2");

        var writes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : second).WriteNotesAsync(run, 10));
        var aggregates = (await Task.WhenAll(writes)).SelectMany(notes => notes).Select(note => note.AggregateId).ToList();

        var got = await ReceivedAsync(200);
        // Only this test's rows: other tests of this class leave rows being retried or abandoned in the shared database.
        await Eventually.TrueAsync(async () => await first.WithDbAsync(db => db.Set<OutboxMessage>()
                .CountAsync(m => aggregates.Contains(m.AggregateId) && m.SentAt == null && m.AbandonedAt == null)) == 0,
            "every row to be marked sent");
        Assert.Equal(200, got.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(200, received.Of(run).Count);
    }

    [Fact]
    public async Task Row_of_an_unknown_type_is_abandoned_without_blocking_the_rows_behind_it()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();
        var orphanId = await InsertRowAsync("Gone.Type, Gone", "{}");

        await publisher.WriteNotesAsync(run, 3, aggregateId: BadAggregate);

        await ReceivedAsync(3);
        // The relay records a batch's outcomes after publishing it: the notes can arrive before the abandonment is saved.
        var abandoned = await Eventually.ReturnsAsync(() => publisher.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.MessageId == orphanId)),
            row => row.AbandonedAt is not null, "the orphan row to be abandoned");
        Assert.Null(abandoned.SentAt);
        Assert.Contains("Unknown message type", abandoned.LastError);
    }

    [Fact]
    public async Task Row_failing_for_one_aggregate_does_not_hold_back_the_others()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();
        // MassTransit refuses a System.Object every time; with ten attempts and back-off it is retried for about a minute.
        var refusedId = await InsertRowAsync("System.Object, System.Private.CoreLib", "{}");

        await publisher.WriteNotesAsync(run, 3);

        await ReceivedAsync(3);
        var refused = await publisher.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.MessageId == refusedId));
        Assert.Null(refused.AbandonedAt);
        Assert.Null(refused.SentAt);
    }

    [Fact]
    public async Task Row_whose_payload_cannot_be_read_is_abandoned_at_once()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync();
        var unreadableId = await InsertRowAsync($"{typeof(NoteWritten).FullName}, {typeof(NoteWritten).Assembly.GetName().Name}", """{"sequence":"not a number"}""");

        await publisher.WriteNotesAsync(run, 3, aggregateId: BadAggregate);

        await ReceivedAsync(3);
        var abandoned = await Eventually.ReturnsAsync(() => publisher.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.MessageId == unreadableId)),
            row => row.AbandonedAt is not null, "the unreadable row to be abandoned");
        Assert.Contains("Unreadable payload", abandoned.LastError);
    }

    [Fact]
    public async Task Row_the_reachable_broker_keeps_refusing_is_abandoned_after_the_bounded_attempts_and_reported()
    {
        await using var subscriber = await StartSubscriberAsync();
        await using var publisher = await StartPublisherAsync(settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "3" });
        // MassTransit refuses to publish a System.Object on every attempt: a row that can never go out.
        var refusedId = await InsertRowAsync("System.Object, System.Private.CoreLib", "{}");

        await publisher.WriteNotesAsync(run, 3, aggregateId: BadAggregate);

        await ReceivedAsync(3, TimeSpan.FromSeconds(60));
        var abandoned = await Eventually.ReturnsAsync(() => publisher.WithDbAsync(db => db.Set<OutboxMessage>().SingleAsync(m => m.MessageId == refusedId)),
            row => row.AbandonedAt is not null, "the refused row to be abandoned");
        Assert.Null(abandoned.SentAt);
        // The subscriber's relay shares the database and counts its own failures: at least the publisher's three.
        Assert.True(abandoned.Attempts >= 3, abandoned.LastError);
        Assert.Contains("Failed 3 times", abandoned.LastError);

        var health = await publisher.Services.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>().CheckHealthAsync();
        Assert.True((int)health.Entries["outbox"].Data["abandoned"] >= 1);
    }
}
