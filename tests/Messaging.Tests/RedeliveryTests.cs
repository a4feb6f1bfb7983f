using Blog.Messaging.Endpoints;
using Blog.TestSupport;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blog.Messaging.Tests;

/// A message that keeps failing while a dependency is down is parked, then redelivered after a delay,
/// and applied once the dependency is back; past the last delay it waits for an admin's replay.
public sealed class RedeliveryTests(MessagingFixture fixture) : IClassFixture<MessagingFixture>
{
    readonly Received received = new();
    readonly Dependency dependency = new() { Down = true };
    readonly Guid run = Guid.NewGuid();

    async Task<SampleService> StartAsync(string name, params string[] delays)
    {
        var settings = new Dictionary<string, string?> { ["Messaging:Redelivery:ScanInterval"] = "00:00:00.500" };
        for (var i = 0; i < delays.Length; i++) settings[$"Messaging:Redelivery:Delays:{i}"] = delays[i];
        var service = await SampleService.StartAsync(name, fixture.Database.ConnectionString, fixture.Broker, received,
            bus => bus.AddConsumer<DependentNoteCopier>(), settings: settings, dependency: dependency);
        return service;
    }

    static async Task<long> ParkedAsync(SampleService service)
    {
        var report = await service.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return report.Entries["parked-messages"].Data.Values.Sum(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_message_failing_while_a_dependency_is_down_is_applied_after_it_returns()
    {
        // Real services have a default scan every 30 s and delays of minutes; the same code with seconds here.
        // Enough redeliveries that a loaded machine seeing the parked message one round late still finds it
        // redelivered again rather than parked for good.
        await using var service = await StartAsync("redelivered", [.. Enumerable.Repeat("00:00:02", 10)]);
        var note = (await service.WriteNotesAsync(run, 1, text: "needs the dependency"))[0];

        await Eventually.TrueAsync(async () => await ParkedAsync(service) == 1, "the failing message to be parked", TimeSpan.FromSeconds(60));
        dependency.Down = false;

        await Eventually.TrueAsync(async () => await service.WithDbAsync(db => db.NoteCopies.CountAsync(c => c.NoteId == note.NoteId)) == 1,
            "the parked message to be redelivered and applied", TimeSpan.FromSeconds(60));
        // More deliveries than one round of quick retries (six): it came back from the error queue.
        Assert.True(received.Attempts[received.Of(run).Single().MessageId] > 6);
        await Eventually.TrueAsync(async () => await ParkedAsync(service) == 0, "the error queue to be empty");
    }

    [Fact]
    public async Task A_message_past_its_last_redelivery_waits_for_an_admins_replay()
    {
        await using var service = await StartAsync("replayed", "00:00:01");
        var note = (await service.WriteNotesAsync(run, 1, text: "fails twice over"))[0];
        var messageId = await Eventually.ReturnsAsync(() => Task.FromResult(received.Attempts.Keys.ToList()), ids => ids.Count == 1, "a first delivery");

        // Delivered, retried, parked, redelivered once, retried, parked for good.
        await Eventually.TrueAsync(async () => received.Attempts[messageId[0]] >= 12 && await ParkedAsync(service) == 1,
            "the message to be parked after its one redelivery", TimeSpan.FromSeconds(90));
        dependency.Down = false;
        var redelivery = service.Services.GetRequiredService<ErrorQueueRedelivery>();
        Assert.Equal(0, await redelivery.ScanAsync(replayAll: false, CancellationToken.None));

        Assert.Equal(1, await redelivery.ScanAsync(replayAll: true, CancellationToken.None));
        await Eventually.TrueAsync(async () => await service.WithDbAsync(db => db.NoteCopies.CountAsync(c => c.NoteId == note.NoteId)) == 1,
            "the replayed message to be applied");
    }
}

public sealed class ParkedMessageOptionsTests
{
    static ParkedMessageOptions Bind(Dictionary<string, string?> settings)
    {
        var options = new ParkedMessageOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection("Messaging:Redelivery").Bind(options);
        return options;
    }

    [Fact]
    public void Configured_delays_replace_the_defaults()
    {
        var options = Bind(new() { ["Messaging:Redelivery:Delays:0"] = "00:00:02", ["Messaging:Redelivery:Delays:1"] = "00:00:05" });
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5)], options.EffectiveDelays);
    }

    [Fact]
    public void Without_configuration_the_default_delays_apply()
    {
        Assert.Equal(ParkedMessageOptions.DefaultDelays, Bind([]).EffectiveDelays);
    }
}
