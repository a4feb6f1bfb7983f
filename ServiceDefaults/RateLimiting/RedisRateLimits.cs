using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Blog.ServiceDefaults.RateLimiting;

/// <summary>Fixed-window limits whose counters live in Redis, so every replica of a service shares them.</summary>
public static class RedisRateLimits
{
    /// <summary>
    /// A partition counting in Redis under `key`, shared by every replica and leased in blocks
    /// (`LeasedFixedWindowRateLimiter`); lets requests through when Redis is unreachable.
    /// </summary>
    public static RateLimitPartition<string> FixedWindow(HttpContext context, string key, int permits, TimeSpan window) =>
        new(key, partitionKey => new FailOpenRateLimiter(
            new LeasedFixedWindowRateLimiter(
                context.RequestServices.GetRequiredService<IConnectionMultiplexer>(), partitionKey, permits, window,
                LeasedFixedWindowRateLimiter.BlockFor(permits), context.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System),
            context.RequestServices.GetRequiredService<ILogger<FailOpenRateLimiter>>()));

    /// <summary>Answers a refused request with 429, a `Retry-After` in whole seconds and a problem body.</summary>
    public static void RejectWithRetryAfter(this RateLimiterOptions options) =>
        options.OnRejected = async (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await response.WriteAsJsonAsync(new
            {
                type = "https://tools.ietf.org/html/rfc6585#section-4",
                title = "Too many requests",
                status = 429,
                detail = $"Slow down: try again in {seconds} s.",
            }, cancellationToken);
        };
}
