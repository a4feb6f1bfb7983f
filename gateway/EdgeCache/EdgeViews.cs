using System.Threading.Channels;
using Blog.ServiceDefaults.Views;

namespace Blog.Gateway.EdgeCache;

/// <summary>
/// Views of reads the edge cache answered without asking Posts, handed to the shared counter in
/// batches (one pipelined Redis round trip per batch, not per read). While Redis is away the views
/// wait here (up to `Capacity`, then the newest are dropped and logged) and are counted when it returns.
/// </summary>
public sealed partial class EdgeViews(ViewCounter counter, ILogger<EdgeViews> logger) : BackgroundService
{
    const int Capacity = 100_000, BatchSize = 500;
    static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(50), RetryAfter = TimeSpan.FromSeconds(1);

    readonly Channel<ViewedRead> reads = Channel.CreateBounded<ViewedRead>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
    });

    public void Record(ViewedRead read)
    {
        if (!reads.Writer.TryWrite(read)) LogDropped(read.ArticleId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ViewedRead>(BatchSize);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                // A batch Redis refused is tried again before waiting for new reads.
                if (batch.Count == 0 && !await reads.Reader.WaitToReadAsync(stoppingToken)) return;
                while (batch.Count < BatchSize && reads.Reader.TryRead(out var read)) batch.Add(read);
                if (await counter.CountAsync(batch))
                {
                    batch.Clear();
                    await Task.Delay(Pause, stoppingToken);
                }
                else
                {
                    await Task.Delay(RetryAfter, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: count what is left, once.
            while (reads.Reader.TryRead(out var read)) batch.Add(read);
            await counter.CountAsync(batch);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A view of {ArticleId} was dropped: the queue of uncounted views is full")]
    partial void LogDropped(Guid articleId);
}
