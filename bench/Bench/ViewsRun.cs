using System.Globalization;
using System.Text.Json;

namespace Blog.Bench;

/// <summary>
/// `./blog bench views [VIEWERS]`: that many distinct anonymous viewers (each its own `blog.viewer` cookie)
/// read one post through the gateway at 64 connections for 20 s; its view count must rise by exactly that many.
/// </summary>
static class ViewsRun
{
    static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);
    static readonly string[] Tags = ["bench"];

    public static async Task<int> RunAsync(Uri gatewayUrl, int viewers)
    {
        using var gateway = new HttpClient { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        var client = new Seeder(gateway, "views");
        var user = $"views{Random.Shared.Next():x}";
        var token = (await client.SendAsync(HttpMethod.Post, "/api/users", null,
            new { user = new { username = user, email = $"{user}@bench.example", password = "benchmark password" } }))
            .GetProperty("user").GetProperty("token").GetString();
        var slug = (await client.SendAsync(HttpMethod.Post, "/api/articles", token,
            new { article = new { title = "Benchmark post", description = "read me", body = "Some **text** to read.", tagList = Tags } }))
            .GetProperty("article").GetProperty("slug").GetString()!;

        var before = await ViewsAsync(gateway, slug);
        var result = await Wrk.RunAsync($"GET /api/articles/{slug}, {viewers} distinct viewers", new Uri(gatewayUrl, $"api/articles/{slug}").ToString(),
            Duration, Path.Combine(AppContext.BaseDirectory, "lua", "views.lua"), [viewers.ToString(CultureInfo.InvariantCulture)]);

        // The shown count includes views not yet flushed; wait until it stops moving (the last flush done).
        long after = await ViewsAsync(gateway, slug), previous = -1;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); after != previous && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            (previous, after) = (after, await ViewsAsync(gateway, slug));
        }
        var counted = after - before;
        Console.WriteLine($"views benchmark: {result.RequestsPerSecond:0} requests/s, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms; " +
            $"views before {before}, after {after}, counted {counted} for {viewers} distinct viewers");
        if (counted == viewers) return 0;
        Console.Error.WriteLine($"the view count is off: expected {viewers} more");
        return 1;
    }

    /// <summary>Read as a crawler (not counted itself).</summary>
    static async Task<long> ViewsAsync(HttpClient gateway, string slug)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        request.Headers.UserAgent.ParseAdd("bench-bot");
        using var response = await gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("article").GetProperty("viewsCount").GetInt64();
    }
}
