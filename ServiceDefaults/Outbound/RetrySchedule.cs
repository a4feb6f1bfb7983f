namespace Blog.ServiceDefaults.Outbound;

/// <summary>
/// Exponential back-off with jitter: after the n-th failed attempt, wait between half and all of
/// `base * 2^(n-1)` (capped), so receivers coming back up are not hit by every sender at once.
/// </summary>
public static class RetrySchedule
{
    public static TimeSpan DelayAfter(int failedAttempts, TimeSpan baseDelay, TimeSpan maxDelay, double random)
    {
        var exponent = Math.Min(Math.Max(failedAttempts - 1, 0), 30);
        var full = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full / 2 + full / 2 * Math.Clamp(random, 0, 1));
    }
}
