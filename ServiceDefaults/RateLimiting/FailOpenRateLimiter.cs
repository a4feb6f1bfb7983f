using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;

namespace Blog.ServiceDefaults.RateLimiting;

/// <summary>
/// Lets requests through when Redis cannot be asked: an outage of the limiter's store must not
/// take the whole site down with it. The outage shows in the gateway's /health and in the log.
/// </summary>
public sealed class FailOpenRateLimiter(RateLimiter inner, ILogger<FailOpenRateLimiter> logger) : RateLimiter
{
    public override TimeSpan? IdleDuration => inner.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        try
        {
            return inner.AttemptAcquire(permitCount);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Rate limiter store unavailable, letting the request through: {Reason}", ex.Message);
            return Granted.Instance;
        }
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.AcquireAsync(permitCount, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Rate limiter store unavailable, letting the request through: {Reason}", ex.Message);
            return Granted.Instance;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    sealed class Granted : RateLimitLease
    {
        public static readonly Granted Instance = new();
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];
        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
