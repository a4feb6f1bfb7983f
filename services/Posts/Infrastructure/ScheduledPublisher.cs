using Blog.Messaging;
using Blog.Posts.Model;
using Blog.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Blog.Posts.Infrastructure;

/// <summary>How often a Posts replica looks for scheduled posts whose time has come.</summary>
public sealed class SchedulingOptions
{
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// Makes scheduled posts public when their time comes, exactly once with any number of Posts replicas:
/// due rows are claimed with `FOR UPDATE SKIP LOCKED` in the transaction that publishes them and writes
/// their `PostPublished` to the outbox, so a row is published by one replica and its event goes out with
/// it or not at all. A post whose time passed while no replica ran is published at the next start, dated
/// at its scheduled time.
/// </summary>
public sealed class ScheduledPublisher(IServiceScopeFactory scopes, IOptions<SchedulingOptions> options, TimeProvider clock,
    ILogger<ScheduledPublisher> logger) : PeriodicWorker(options.Value.Interval, clock, logger)
{
    const int BatchSize = 50;

    protected override string WorkName => "Publishing scheduled posts";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        while (await PublishDueAsync(cancellationToken) == BatchSize) { }
    }

    /// <summary>Publishes one batch of due posts; answers how many this replica claimed.</summary>
    public async Task<int> PublishDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PostsDbContext>();
        var links = scope.ServiceProvider.GetRequiredService<SiteLinks>();
        var now = Clock.GetUtcNow();
        var scheduled = nameof(ArticleStatus.Scheduled);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var due = await db.Articles
            .FromSql($"SELECT * FROM articles WHERE status = {scheduled} AND publish_at <= {now} ORDER BY publish_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED")
            .Include(a => a.Author).Include(a => a.Category)
            .ToListAsync(cancellationToken);
        // Nothing due: the transaction ends unwritten, so the content cache is not told of a change.
        if (due.Count == 0) return 0;
        foreach (var article in due)
        {
            article.MarkPublished(article.PublishAt!.Value);
            article.MoveTo(ArticleStatus.Published, null);
            db.AddIntegrationEvent(article.Id.ToString(), ArticleEvents.Published(article, links.Article(article.Slug)));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Logger.LogInformation("Published {Count} scheduled posts", due.Count);
        return due.Count;
    }
}
