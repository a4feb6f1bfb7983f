using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Blog.EndToEnd;

/// Copies every resource's console output (each replica apart) into `{directory}/{resource}.log`, so a
/// failed end-to-end run leaves the services' own account of what happened next to the test log.
public sealed class ResourceLogFiles(DistributedApplication app, string directory) : IAsyncDisposable
{
    readonly CancellationTokenSource stopping = new();
    readonly HashSet<string> watched = [];
    readonly List<Task> copies = [];
    Task? discovery;

    public string Directory { get; } = directory;

    public void Start()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        discovery = Task.Run(async () =>
        {
            await foreach (var update in notifications.WatchAsync(stopping.Token))
            {
                lock (watched)
                {
                    if (watched.Add(update.ResourceId)) copies.Add(CopyAsync(update.ResourceId));
                }
            }
        });
    }

    async Task CopyAsync(string resourceId)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        await using var file = new StreamWriter(Path.Combine(Directory, resourceId + ".log"), append: false) { AutoFlush = true };
        try
        {
            await foreach (var batch in logs.WatchAsync(resourceId).WithCancellation(stopping.Token))
            {
                foreach (var line in batch) await file.WriteLineAsync(line.Content);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// The last lines of every log whose resource name starts with `resource` that contain one of `texts`.
    public string Grep(string resource, int lastLines, params string[] texts)
    {
        var found = new List<string>();
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, resource + "*.log"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var lines = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                if (texts.Any(text => line.Contains(text, StringComparison.OrdinalIgnoreCase))) lines.Add(line);
            }
            found.Add($"== {Path.GetFileName(path)}");
            found.AddRange(lines.TakeLast(lastLines));
        }
        return string.Join('\n', found);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        Task[] pending;
        lock (watched) pending = [.. copies, .. discovery is null ? [] : new[] { discovery }];
        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }
        stopping.Dispose();
    }
}
