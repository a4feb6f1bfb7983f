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
