using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using StackExchange.Redis;

namespace Blog.Messaging.Endpoints;

/// <summary>`Messaging:Redelivery:*`: how long a message parked in a `_error` queue waits before each redelivery.</summary>
public sealed class ParkedMessageOptions
{
    public static readonly IReadOnlyList<TimeSpan> DefaultDelays =
        [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    /// <summary>
    /// One delay per redelivery; after the last one the message stays parked until an admin replays it.
    /// Empty means <see cref="DefaultDelays"/>: the configuration binder appends to an array it finds filled,
    /// so configured delays could not replace defaults set here.
    /// </summary>
    public TimeSpan[] Delays { get; set; } = [];

    public IReadOnlyList<TimeSpan> EffectiveDelays => Delays.Length > 0 ? Delays : DefaultDelays;
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>At most this many parked messages are looked at per queue and scan.</summary>
    public int BatchSize { get; set; } = 200;
}

/// <summary>The receive queues of this service (`{service}-{consumer}`), as MassTransit configured them.</summary>
public sealed class ServiceQueues
{
    readonly ConcurrentDictionary<string, byte> names = new();
    public void Add(string queue) => names.TryAdd(queue, 0);
    public IReadOnlyCollection<string> Names => names.Keys.Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// Gives a message that failed during a blip another chance: MassTransit retries a handler five times
/// within seconds, then parks the message in `{queue}_error`; this moves it back to its queue after
/// 1 minute, then 5, 30, 120 and 360 (counted in the `blog-redeliveries` header), so a consumer whose
/// dependency was down for minutes or hours still applies the event. Messages past the last delay stay
/// parked; an admin replays all of a service's parked messages by setting the Redis key
/// `blog:messaging:replay:{service}` (`./blog replay-errors SERVICE`). It also keeps each `_error` queue's
/// depth for `/health` and the `blog.messaging.parked_messages` gauge.
/// </summary>
public sealed partial class ErrorQueueRedelivery(
    string serviceName, Uri broker, ServiceQueues queues, IServiceProvider services, IOptions<ParkedMessageOptions> options, TimeProvider clock,
    ILogger<ErrorQueueRedelivery> logger) : BackgroundService, IHealthCheck
{
    public const string RedeliveriesHeader = "blog-redeliveries";
    const string FaultTimestampHeader = "MT-Fault-Timestamp";
    public static RedisKey ReplayKey(string service) => $"blog:messaging:replay:{service}";

    static readonly Counter<long> Redelivered = MessagingTelemetry.Meter.CreateCounter<long>(
        "blog.messaging.redelivered", description: "Parked messages moved back to their queue");

    readonly ConcurrentDictionary<string, long> depths = new();
    readonly SemaphoreSlim scanning = new(1, 1);
    IConnection? connection;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        MessagingTelemetry.Meter.CreateObservableGauge("blog.messaging.parked_messages",
            () => depths.Select(d => new Measurement<long>(d.Value, new KeyValuePair<string, object?>("queue", d.Key))),
            description: "Messages parked in the service's _error queues");
        using var timer = new PeriodicTimer(options.Value.ScanInterval, clock);
        try
        {
            do
            {
                try
                {
                    var replay = await TakeReplayRequestAsync();
                    await ScanAsync(replayAll: replay, stoppingToken);
                }
                catch (Exception ex) when (ex is BrokerUnreachableException or OperationInterruptedException or AlreadyClosedException or IOException
                    or TimeoutException && !stoppingToken.IsCancellationRequested)
                {
                    LogScanFailed(ex.Message);
                    await ResetConnectionAsync();
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Moves every parked message whose wait is over back to its queue (all of them with `replayAll`,
    /// their count starting again); returns how many moved.
    /// </summary>
    public async Task<int> ScanAsync(bool replayAll, CancellationToken cancellationToken)
    {
        await scanning.WaitAsync(cancellationToken);
        try
        {
            var moved = 0;
            connection ??= await new ConnectionFactory { Uri = broker, ClientProvidedName = $"{serviceName}-redelivery" }.CreateConnectionAsync(cancellationToken);
            foreach (var queue in queues.Names) moved += await ScanQueueAsync(connection, queue, replayAll, cancellationToken);
            return moved;
        }
        finally
        {
            scanning.Release();
        }
    }

    async Task<int> ScanQueueAsync(IConnection broker, string queue, bool replayAll, CancellationToken cancellationToken)
    {
        var errorQueue = $"{queue}_error";
        // A passive declare of a queue that does not exist (nothing ever failed) closes the channel: one channel per queue.
        await using var channel = await broker.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        uint parked;
        try
        {
            parked = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            depths[errorQueue] = 0;
            return 0;
        }

        var now = clock.GetUtcNow();
        var delays = options.Value.EffectiveDelays;
        var kept = new List<ulong>();
        var moved = 0;
        for (var i = 0; i < Math.Min(parked, (uint)options.Value.BatchSize); i++)
        {
            var message = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (message is null) break;
            var redeliveries = replayAll ? 0 : RedeliveriesOf(message.BasicProperties);
            var due = replayAll || (redeliveries < delays.Count && FaultedAt(message.BasicProperties, now) + delays[redeliveries] <= now);
            if (!due)
            {
                kept.Add(message.DeliveryTag);
                continue;
            }
            var properties = new BasicProperties(message.BasicProperties);
            properties.Headers ??= new Dictionary<string, object?>();
            properties.Headers[RedeliveriesHeader] = redeliveries + 1;
            await channel.BasicPublishAsync("", queue, mandatory: false, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            Redelivered.Add(1, new KeyValuePair<string, object?>("queue", queue));
            moved++;
        }
        // Returned in order, to wait for their time (or an admin's replay).
        foreach (var tag in kept) await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
        depths[errorQueue] = parked - moved;
        if (moved > 0) LogRedelivered(moved, errorQueue);
        return moved;
    }

    static int RedeliveriesOf(IReadOnlyBasicProperties properties) =>
        properties.Headers?.TryGetValue(RedeliveriesHeader, out var value) == true ? value switch
        {
            int n => n,
            long n => (int)n,
            byte[] text when int.TryParse(Encoding.UTF8.GetString(text), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
            _ => 0,
        } : 0;

    /// <summary>When MassTransit parked the message (its fault header); unknown counts as now.</summary>
    static DateTimeOffset FaultedAt(IReadOnlyBasicProperties properties, DateTimeOffset now) =>
        properties.Headers?.TryGetValue(FaultTimestampHeader, out var value) == true && value is byte[] text
            && DateTimeOffset.TryParse(Encoding.UTF8.GetString(text), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at : now;

    async Task<bool> TakeReplayRequestAsync()
    {
        if (services.GetService<IConnectionMultiplexer>() is not { } redis) return false;
        try
        {
            return !(await redis.GetDatabase().StringGetDeleteAsync(ReplayKey(serviceName))).IsNull;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return false;
        }
    }

    async Task ResetConnectionAsync()
    {
        if (connection is null) return;
        var closing = connection;
        connection = null;
        try
        {
            await closing.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationInterruptedException or AlreadyClosedException or IOException)
        {
            // Already broken: nothing to close.
        }
    }

    /// <summary>
    /// Healthy with each `_error` queue's depth as data: parked messages are for an operator's attention,
    /// not a reason to take the replica out of rotation.
    /// </summary>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var parked = depths.Values.Sum();
        return Task.FromResult(HealthCheckResult.Healthy(parked == 0 ? "no parked messages" : $"{parked} parked messages",
            depths.Where(d => d.Value > 0).ToDictionary(d => d.Key, d => (object)d.Value)));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await ResetConnectionAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Moved {Count} parked messages from {ErrorQueue} back to their queue")]
    partial void LogRedelivered(int count, string errorQueue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not look at the parked messages: {Reason}")]
    partial void LogScanFailed(string reason);
}
