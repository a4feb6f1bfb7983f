using Microsoft.Extensions.Hosting;

namespace Blog.AppHost;

/// Copies every resource's console output (each replica apart) into `{directory}/{resource}.log`:
/// for runs without a dashboard (the benchmark, the end-to-end tests), where it would otherwise be lost.
sealed class ResourceLogFiles(ResourceNotificationService notifications, ResourceLoggerService logs, string directory) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        Directory.CreateDirectory(directory);
        var watched = new HashSet<string>();
        var copies = new List<Task>();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (watched.Add(update.ResourceId)) copies.Add(CopyAsync(update.ResourceId, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await Task.WhenAll(copies);
    }

    async Task CopyAsync(string resourceId, CancellationToken stoppingToken)
    {
        await using var file = new StreamWriter(Path.Combine(directory, resourceId + ".log"), append: false) { AutoFlush = true };
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stoppingToken))
            {
                foreach (var line in batch) await file.WriteLineAsync(line.Content);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
