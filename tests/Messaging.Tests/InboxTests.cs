using Blog.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.Messaging.Tests;

public sealed class InboxTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    readonly Received received = new();
    readonly Guid run = Guid.NewGuid();

    Task<SampleService> StartCopierAsync(string replica = "1") =>
        SampleService.StartAsync("copier", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<NoteCopier>(), replica);

    Task<int> CopiesAsync(SampleService service, Guid noteId) =>
        service.WithDbAsync(db => db.NoteCopies.CountAsync(c => c.NoteId == noteId));

    [Fact]
    public async Task Redelivered_message_is_handled_once()
    {
        await using var copier = await StartCopierAsync();
        var bus = copier.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var note = new NoteWritten(run, Guid.NewGuid(), "a", 0, "twice");

        await bus.Publish(note, context => context.MessageId = messageId);
        await bus.Publish(note, context => context.MessageId = messageId);
        var marker = new NoteWritten(run, Guid.NewGuid(), "b", 0, "after");
        await bus.Publish(marker);

        await Eventually.TrueAsync(async () => await CopiesAsync(copier, marker.NoteId) == 1, "the marker to be copied");
        await Eventually.TrueAsync(() => Task.FromResult(received.Attempts.GetValueOrDefault(messageId) >= 1), "the first delivery");
        Assert.Equal(1, await CopiesAsync(copier, note.NoteId));
        Assert.Equal(1, await copier.WithDbAsync(db => db.Set<Inbox.InboxMessage>().CountAsync(m => m.MessageId == messageId)));
    }

    [Fact]
    public async Task Failed_handler_leaves_no_trace_and_its_retry_is_handled_once()
    {
        await using var copier = await StartCopierAsync();
        var bus = copier.Services.GetRequiredService<IBus>();
        var messageId = Guid.NewGuid();
        var note = new NoteWritten(run, Guid.NewGuid(), "a", 0, "fail-once");

        await bus.Publish(note, context => context.MessageId = messageId);

        await Eventually.TrueAsync(async () => await CopiesAsync(copier, note.NoteId) == 1, "the retried note to be copied");
        Assert.Equal(2, received.Attempts[messageId]);
        Assert.Equal(1, await CopiesAsync(copier, note.NoteId));
    }

    [Fact]
    public async Task Replicas_of_a_consuming_service_compete_on_one_queue_so_each_event_is_handled_once()
    {
        await using var first = await SampleService.StartAsync("recorder", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<NoteWrittenRecorder>(), "1");
        await using var second = await SampleService.StartAsync("recorder", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<NoteWrittenRecorder>(), "2");
        await using var publisher = await SampleService.StartAsync("writer", fixture.Database.ConnectionString, fixture.Broker, received);

        await publisher.WriteNotesAsync(run, 100);

        var got = await Eventually.ReturnsAsync(() => Task.FromResult(received.Of(run)), m => m.Count >= 100, "100 events");
        Assert.Equal(100, got.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(100, received.Of(run).Count);
        // Both replicas consume from the one queue (round-robin), rather than each getting its own copy.
        var queues = await RabbitMqNode.Shared.CtlAsync("list_queues", "-p", new Uri(fixture.Broker).AbsolutePath.TrimStart('/'), "name", "consumers", "--no-table-headers", "--quiet");
        Assert.Contains(queues.Split('\n'), line => line.Split('\t') is ["recorder-note-written-recorder", "2"]);
    }
}

public sealed class BatchedInboxTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    readonly Received received = new();
    readonly Guid run = Guid.NewGuid();

    // A batch waits up to a second for more: the waiting messages make full batches however slowly they arrive.
    Task<SampleService> StartCopierAsync() =>
        SampleService.StartAsync("batch-copier", fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddBatchedInboxConsumer<BatchedNoteCopier>(), settings: new Dictionary<string, string?> { ["Messaging:Batch:TimeLimit"] = "00:00:01" });

    /// Publishes while the copier is stopped (its queue declared), so the copier finds them all waiting when it starts.
    async Task<SampleService> PublishThenStartCopierAsync(Func<IBus, Task> publish)
    {
        await (await StartCopierAsync()).DisposeAsync();
        await using (var publisher = await SampleService.StartAsync("batch-publisher", fixture.Database.ConnectionString, fixture.Broker, received))
        {
            await publish(publisher.Services.GetRequiredService<IBus>());
        }
        return await StartCopierAsync();
    }

    Task<int> CopiesAsync(SampleService service) =>
        service.WithDbAsync(db => db.NoteCopies.CountAsync(c => c.Run == run));

    [Fact]
    public async Task Waiting_messages_are_handled_together_in_one_transaction_each_once_and_in_order()
    {
        var duplicateId = Guid.NewGuid();
        var notes = Enumerable.Range(0, 100).Select(i => new NoteWritten(run, Guid.NewGuid(), "a", i, "hello")).ToList();
        await using var copier = await PublishThenStartCopierAsync(async bus =>
        {
            foreach (var note in notes) await bus.Publish(note, context => { if (note.Sequence == 7) context.MessageId = duplicateId; });
            await bus.Publish(notes[7], context => context.MessageId = duplicateId);
        });

        await Eventually.TrueAsync(async () => await CopiesAsync(copier) == 100, "100 notes to be copied");
        await Eventually.TrueAsync(() => Task.FromResult(received.Transactions.Count == 100), "every note's transaction");
        Assert.Equal(100, await CopiesAsync(copier));
        Assert.Equal(1, received.Attempts[duplicateId]);
        // 100 waiting messages are taken 32 (Messaging:Batch:MessageLimit) a transaction.
        Assert.InRange(received.Transactions.Values.Distinct().Count(), 4, 10);
        // Each message saw the copies of all those handled before it (its batch's earlier ones uncommitted yet).
        Assert.Equal(Enumerable.Range(0, 100), received.Of(run).Select(m => m.Message.Sequence).Order());
    }

    [Fact]
    public async Task A_failing_message_does_not_hold_back_the_others_of_its_batch_and_each_is_applied_once()
    {
        var failing = new NoteWritten(run, Guid.NewGuid(), "a", 0, "fail-once");
        var failingId = Guid.NewGuid();
        var notes = Enumerable.Range(1, 20).Select(i => new NoteWritten(run, Guid.NewGuid(), "a", i, "hello")).ToList();
        await using var copier = await PublishThenStartCopierAsync(async bus =>
        {
            foreach (var note in notes.Take(10)) await bus.Publish(note);
            await bus.Publish(failing, context => context.MessageId = failingId);
            foreach (var note in notes.Skip(10)) await bus.Publish(note);
        });

        await Eventually.TrueAsync(async () => await CopiesAsync(copier) == 21, "21 notes to be copied");
        // The 21 waiting messages made one batch, which failed at its 11th; then each was handled in a transaction
        // of its own: the ten before it for the second time, the failing one on its second attempt, the ten after it once.
        Assert.Equal(2, received.Attempts[failingId]);
        Assert.Equal(10, received.Attempts.Count(a => a.Key != failingId && a.Value == 2));
        Assert.Equal(10, received.Attempts.Count(a => a.Value == 1));
        Assert.Equal(21, received.Transactions.Values.Distinct().Count());
        Assert.Equal(21, await copier.WithDbAsync(db => db.NoteCopies.Where(c => c.Run == run).Select(c => c.NoteId).Distinct().CountAsync()));
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1", failingId));
    }
}

public sealed class InboxRetentionTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    [Fact]
    public async Task Inbox_rows_older_than_the_retention_are_purged_and_recent_ones_kept()
    {
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        await fixture.Database.ScalarAsync<long>("INSERT INTO inbox_messages (message_id, consumer, processed_at) VALUES ($1, 'test', now() - interval '31 days'), ($2, 'test', now() - interval '29 days')", old, recent);

        await using var service = await SampleService.StartAsync("purger", fixture.Database.ConnectionString, fixture.Broker, new Received());

        await Eventually.TrueAsync(async () => await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1", old) == 0,
            "the old inbox row to be purged");
        Assert.Equal(1, await fixture.Database.ScalarAsync<long>("SELECT count(*) FROM inbox_messages WHERE message_id = $1", recent));
    }
}
