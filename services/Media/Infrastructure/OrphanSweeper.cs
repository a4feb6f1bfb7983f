using Blog.ServiceDefaults.Caching;
using Blog.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace Blog.Media.Infrastructure;

/// <summary>
/// Removes stored files that no image uses any more (its post was deleted, an account picture was
/// replaced, its owner deleted it), once they are older than `Media:OrphanGrace`. Every replica runs it;
/// the rows it takes are locked, so replicas share the work. What it removed is announced, so the
/// gateways' edge caches stop serving those files within a second.
/// </summary>
public sealed class OrphanSweeper(IServiceScopeFactory scopes, ContentCache announcements, IOptions<MediaOptions> options, TimeProvider clock, ILogger<OrphanSweeper> logger)
    : PeriodicWorker(options.Value.SweepInterval, clock, logger)
{
    const int BatchSize = 200;

    protected override string WorkName => "Sweeping unused files";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        int removed;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            removed = await scope.ServiceProvider.GetRequiredService<MediaLibrary>().SweepAsync(options.Value.OrphanGrace, BatchSize, cancellationToken);
            if (removed > 0)
            {
                Logger.LogInformation("Removed {Count} unused files", removed);
                await announcements.InvalidateAsync();
            }
        }
        while (removed == BatchSize);
    }
}
