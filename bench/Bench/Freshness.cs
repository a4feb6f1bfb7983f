using System.Diagnostics;

namespace Blog.Bench;

public sealed record FreshnessResult(int Samples, double P50Ms, double P99Ms);

/// How long after a write's 2xx the gateway's edge cache shows it: a visitor's cached thread, then a
/// comment posted through the gateway, then the thread polled every 5 ms until the comment is in it.
static class Freshness
{
    public static async Task<FreshnessResult> MeasureAsync(HttpClient gateway, Seeder seeder, int samples = 20)
    {
        // Every top-level comment on one page (200, the most a page holds; the post has far fewer: it is not one
        // of those the comment load writes on), so a new one is always on it.
        var thread = $"/api/articles/{seeder.Slugs[^1]}/comments?limit=200";
        var token = seeder.Authors[0].Token;
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            // Twice: the second is answered from the cache, which the write must then drop.
            for (var read = 0; read < 2; read++) (await gateway.GetAsync(thread)).Dispose();
            var text = $"Freshness sample {Guid.NewGuid():N}";
            await seeder.SendAsync(HttpMethod.Post, thread, token, new { comment = new { body = text } });
            var clock = Stopwatch.StartNew();
            while (!(await gateway.GetStringAsync(thread)).Contains(text, StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(5);
            }
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var result = new FreshnessResult(samples, times[samples / 2], times[(int)Math.Ceiling(samples * 0.99) - 1]);
        Console.WriteLine($"freshness: {samples} writes, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms");
        return result;
    }
}
