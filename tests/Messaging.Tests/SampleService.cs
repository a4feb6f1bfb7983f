using System.Collections.Concurrent;
using Blog.Messaging.Inbox;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Blog.Messaging.Tests;

/// An event of the sample service; `Run` tells one test's events from another's on a shared exchange.
public sealed record NoteWritten(Guid Run, Guid NoteId, string AggregateId, int Sequence, string Text);

public sealed class Note
{
    public Guid Id { get; set; }
    public string Text { get; set; } = "";
}

/// A copy of a note made by an inbox consumer: one row per handled message.
public sealed class NoteCopy
{
    public Guid Id { get; set; }
    public Guid NoteId { get; set; }
    public Guid Run { get; set; }
}

public sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<NoteCopy> NoteCopies => Set<NoteCopy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddOutboxAndInbox();
}

/// What test consumers saw, shared by every replica started in one test.
public sealed class Received
{
    public ConcurrentQueue<(Guid MessageId, NoteWritten Message, string Replica)> Messages { get; } = new();
    public ConcurrentDictionary<Guid, int> Attempts { get; } = new();

    /// The database transaction each message was applied in.
    public ConcurrentDictionary<Guid, long> Transactions { get; } = new();

    public IReadOnlyList<(Guid MessageId, NoteWritten Message, string Replica)> Of(Guid run) =>
        Messages.Where(m => m.Message.Run == run).ToList();
}

public sealed record ReplicaName(string Value);

/// Records every delivery, without an inbox: it shows what the broker and the relay really send.
public sealed class NoteWrittenRecorder(Received received, ReplicaName replica) : IConsumer<NoteWritten>
{
    public Task Consume(ConsumeContext<NoteWritten> context)
    {
        received.Messages.Enqueue((context.MessageId!.Value, context.Message, replica.Value));
        return Task.CompletedTask;
    }
}

/// Copies notes through the inbox; fails the first attempt of a note whose text says so.
public sealed class NoteCopier(SampleDbContext db, Received received) : InboxConsumer<NoteWritten, SampleDbContext>(db)
{
    protected override Task HandleAsync(NoteWritten message, ConsumeContext<NoteWritten> context, CancellationToken cancellationToken)
    {
        var attempt = received.Attempts.AddOrUpdate(context.MessageId!.Value, 1, (_, n) => n + 1);
        Db.NoteCopies.Add(new NoteCopy { Id = Guid.NewGuid(), NoteId = message.NoteId, Run = message.Run });
        if (message.Text == "fail-once" && attempt == 1)
        {
            throw new InvalidOperationException("first attempt fails on purpose");
        }
        return Task.CompletedTask;
    }
}

/// Copies notes through the inbox in batches; fails the first attempt of a note whose text says so.
public sealed class BatchedNoteCopier(SampleDbContext db, Received received) : BatchedInboxConsumer<NoteWritten, SampleDbContext>(db)
{
    protected override async Task HandleAsync(NoteWritten message, ConsumeContext<NoteWritten> context, CancellationToken cancellationToken)
    {
        var attempt = received.Attempts.AddOrUpdate(context.MessageId!.Value, 1, (_, n) => n + 1);
        received.Transactions[context.MessageId!.Value] = await Db.Database.SqlQuery<long>($"SELECT txid_current() AS \"Value\"").SingleAsync(cancellationToken);
        // What the batch's earlier messages wrote is visible to the later ones.
        var copiesBefore = await Db.NoteCopies.CountAsync(c => c.Run == message.Run, cancellationToken);
        received.Messages.Enqueue((context.MessageId!.Value, message with { Sequence = copiesBefore }, "1"));
        Db.NoteCopies.Add(new NoteCopy { Id = Guid.NewGuid(), NoteId = message.NoteId, Run = message.Run });
        if (message.Text == "fail-once" && attempt == 1)
        {
            throw new InvalidOperationException("first attempt fails on purpose");
        }
    }
}

/// One replica of a sample service: its own host with the real bus, outbox relay and database.
public sealed class SampleService : IAsyncDisposable
{
    readonly IHost host;

    SampleService(IHost host) => this.host = host;

    public IServiceProvider Services => host.Services;

    public static async Task<SampleService> StartAsync(
        string serviceName, string database, string broker, Received received,
        Action<IBusRegistrationConfigurator>? consumers = null, string replica = "1",
        IReadOnlyDictionary<string, string?>? settings = null, Dependency? dependency = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rabbitmq"] = broker,
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:PublishTimeout"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddDbContext<SampleDbContext>(options => options.UseNpgsql(database).UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton(received);
        builder.Services.AddSingleton(new ReplicaName(replica));
        builder.Services.AddSingleton(dependency ?? new Dependency());
        builder.AddMessaging<SampleDbContext>(serviceName, consumers);
        var host = builder.Build();
        await host.StartAsync();
        var service = new SampleService(host);
        await service.WaitForBusAsync();
        return service;
    }

    /// <summary>
    /// Writes `count` notes and their events in one transaction; with `aggregates`, note i belongs to
    /// `{aggregateId}-{i % aggregates}`, so the aggregates' rows interleave in the outbox.
    /// </summary>
    public async Task<List<NoteWritten>> WriteNotesAsync(Guid run, int count, string aggregateId = "", string text = "hello", int aggregates = 0)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SampleDbContext>();
        var events = new List<NoteWritten>();
        for (var i = 0; i < count; i++)
        {
            var note = new Note { Id = Guid.NewGuid(), Text = text };
            db.Notes.Add(note);
            var aggregate = aggregates > 0 ? $"{aggregateId}-{i % aggregates}" : aggregateId.Length > 0 ? aggregateId : note.Id.ToString();
            var written = new NoteWritten(run, note.Id, aggregate, i, text);
            db.AddIntegrationEvent(written.AggregateId, written);
            events.Add(written);
        }
        await db.SaveChangesAsync();
        return events;
    }

    public async Task<T> WithDbAsync<T>(Func<SampleDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SampleDbContext>());
    }

    async Task WaitForBusAsync()
    {
        var bus = Services.GetRequiredService<IBusControl>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.WaitForHealthStatus(BusHealthStatus.Healthy, timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}

/// A dependency of a consumer that a test takes down and brings back.
public sealed class Dependency
{
    volatile bool down;
    public bool Down { get => down; set => down = value; }
}

/// Copies notes through the inbox, failing while its dependency is down (as a consumer needing Redis would).
public sealed class DependentNoteCopier(SampleDbContext db, Received received, Dependency dependency) : InboxConsumer<NoteWritten, SampleDbContext>(db)
{
    protected override Task HandleAsync(NoteWritten message, ConsumeContext<NoteWritten> context, CancellationToken cancellationToken)
    {
        received.Attempts.AddOrUpdate(context.MessageId!.Value, 1, (_, n) => n + 1);
        if (dependency.Down) throw new InvalidOperationException("the dependency is down");
        received.Messages.Enqueue((context.MessageId!.Value, message, "1"));
        Db.NoteCopies.Add(new NoteCopy { Id = Guid.NewGuid(), NoteId = message.NoteId, Run = message.Run });
        return Task.CompletedTask;
    }
}
