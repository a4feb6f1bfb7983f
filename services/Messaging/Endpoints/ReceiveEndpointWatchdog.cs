using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Blog.Messaging.Endpoints;

/// <summary>
/// Restarts a receive endpoint that stays not ready. MassTransit re-attaches consumers after most
/// connection losses, but its receive loop ends for good on some faults (a cancelled broker operation
/// on a loaded machine, for one); the replica then looks healthy while its queue has one consumer
/// fewer, and events pile up on the other replicas or wait for ever. A queue must never be left
/// without this replica's consumer for longer than the watchdog's grace period.
/// </summary>
public sealed partial class ReceiveEndpointWatchdog(
    IBusControl bus, IOptions<ReceiveEndpointWatchdogOptions> options, TimeProvider time, ILogger<ReceiveEndpointWatchdog> logger)
    : BackgroundService
{
    static readonly Counter<long> Restarts = MessagingTelemetry.Meter.CreateCounter<long>(
        "blog.messaging.endpoint_restarts", description: "Receive endpoints restarted after staying not ready");

    readonly Dictionary<Uri, DateTimeOffset> notReadySince = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task CheckAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        foreach (var endpoint in bus.CheckHealth().Endpoints.Values)
        {
            if (endpoint.Status == BusHealthStatus.Healthy || endpoint.ReceiveEndpoint is null)
            {
                notReadySince.Remove(endpoint.InputAddress);
                continue;
            }
            if (!notReadySince.TryGetValue(endpoint.InputAddress, out var since))
            {
                notReadySince[endpoint.InputAddress] = now;
                continue;
            }
            if (now - since < options.Value.RestartAfter) continue;

            notReadySince[endpoint.InputAddress] = now;
            await RestartAsync(endpoint, now - since, stoppingToken);
        }
    }

    async Task RestartAsync(EndpointHealthResult endpoint, TimeSpan notReadyFor, CancellationToken stoppingToken)
    {
        LogRestarting(endpoint.InputAddress, notReadyFor, endpoint.Status, endpoint.Description, endpoint.Exception);
        using var stopTimeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        stopTimeout.CancelAfter(options.Value.StopTimeout);
        try
        {
            await endpoint.ReceiveEndpoint.Stop(stopTimeout.Token);
            endpoint.ReceiveEndpoint.Start(stoppingToken);
            Restarts.Add(1);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogRestartFailed(endpoint.InputAddress, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receive endpoint {InputAddress} not ready for {NotReadyFor} ({Status}: {Description}); restarting it")]
    partial void LogRestarting(Uri inputAddress, TimeSpan notReadyFor, BusHealthStatus status, string? description, Exception? exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restarting receive endpoint {InputAddress} failed; trying again at a later check")]
    partial void LogRestartFailed(Uri inputAddress, Exception exception);
}
