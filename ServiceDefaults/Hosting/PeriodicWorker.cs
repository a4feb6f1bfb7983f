using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Blog.ServiceDefaults.Hosting;

/// <summary>
/// Background work done at start and then every `interval`: a round that fails is logged as a warning and
/// tried again at the next tick (an outage must not stop the worker); stopping ends the wait at once.
/// </summary>
public abstract class PeriodicWorker(TimeSpan interval, TimeProvider clock, ILogger logger) : BackgroundService
{
    protected TimeProvider Clock { get; } = clock;
    protected ILogger Logger { get; } = logger;

    /// <summary>One round of the work.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>What the warning says failed ("View flush", "Publishing scheduled posts").</summary>
    protected abstract string WorkName { get; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Logger.LogWarning("{Work} failed, will retry: {Reason}", WorkName, ex.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }
}
