using Blog.Topology;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Blog.Bench;

/// The whole benchmark against a running platform: seed, measure each scenario with wrk at 64
/// connections beside the baseline measured in the same run, the event path and memory; write the report.
static class BenchmarkRun
{
    const int BaselinePort = Ports.BenchBaseline, HopPort = Ports.BenchGatewayAlone;
    // Rows of the results, in the order they are measured.
    const int BaselineRow = 0, HopRow = 1, GatewayReadRow = 2;
    static readonly TimeSpan Duration = TimeSpan.FromSeconds(15);
    static readonly TimeSpan CommentDuration = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Uri gatewayUrl, Uri broker, string output, bool quick)
    {
        var (authors, posts, comments, events) = DataSet(quick);
        using var gateway = new HttpClient { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        var (seeder, seeding) = await SeedAsync(gateway, broker, quick);

        var slug = seeder.Slugs[0];
        var articleFile = Path.GetTempFileName();
        await File.WriteAllBytesAsync(articleFile, await gateway.GetByteArrayAsync($"/api/articles/{slug}"));
        var postsUrl = PostsUrl() ?? throw new InvalidOperationException("cannot find the Posts process and the address it listens on");
        var luaDirectory = Path.Combine(AppContext.BaseDirectory, "lua");

        using var baseline = StartBaseline(articleFile);
        using var hop = StartGatewayBeforeBaseline();
        List<LoadResult> results;
        try
        {
            await WaitForAsync($"http://127.0.0.1:{BaselinePort}/article");
            await WaitForAsync($"http://127.0.0.1:{HopPort}/api/articles/{slug}");
            results =
            [
                await Wrk.RunAsync("baseline: bare Kestrel, same bytes", $"http://127.0.0.1:{BaselinePort}/article", Duration),
                await Wrk.RunAsync("the gateway alone, in front of the baseline (the hop's ceiling)", $"http://127.0.0.1:{HopPort}/api/articles/{slug}", Duration),
                await Wrk.RunAsync("GET /api/articles/{slug} through the gateway", $"{gatewayUrl}api/articles/{slug}", Duration),
                await Wrk.RunAsync("GET /api/articles/{slug} on Posts directly", $"{postsUrl}/api/articles/{slug}", Duration),
                await Wrk.RunAsync("GET /api/articles?limit=20 through the gateway", $"{gatewayUrl}api/articles?limit=20", Duration),
                await Wrk.RunAsBrowserAsync("GET /articles/{slug} (the post page, anonymous, gzip/br) through the gateway", $"{gatewayUrl}articles/{slug}", Duration),
                await Wrk.RunAsSignedInBrowserAsync("GET /articles/{slug} (the post page, signed in: never cached) through the gateway", $"{gatewayUrl}articles/{slug}", Duration,
                    await seeder.SignInToSiteAsync(seeder.Authors[2], $"/articles/{slug}")),
                // Readers comment as readers do, many of them at once: each seeded account, in turn.
                await Wrk.RunWritesAsync($"POST /api/articles/{{slug}}/comments ({seeder.Authors.Count} readers, 50 posts) through the gateway", gatewayUrl.ToString(), CommentDuration,
                    Path.Combine(luaDirectory, "comment.lua"),
                    [seeder.Authors.Count.ToString(CultureInfo.InvariantCulture), .. seeder.Authors.Select(a => a.Token), .. seeder.Slugs.Skip(1).Take(50)],
                    () => SettleAsync(broker)),
            ];
        }
        finally
        {
            baseline.Kill();
            hop.Kill();
        }

        // The comments posted under load leave their events' work behind: each of these measures a write on a settled platform.
        var commentsCaughtUp = await SettleAsync(broker);
        var freshness = await Freshness.MeasureAsync(gateway, seeder);
        await SettleAsync(broker);
        var oneClient = await EventPath.MeasureAsync(seeder, broker, events, clients: 1);
        await SettleAsync(broker);
        EventPathResult[] eventPath = [oneClient, await EventPath.MeasureAsync(seeder, broker, events, clients: 8)];
        var memory = Machine.ResidentMemory("Blog.Gateway", "Blog.Identity", "Blog.Posts", "Blog.Comments", "Blog.Moderation", "Blog.Webhooks", "Blog.Web", "Blog.Media", "Blog.Notifications", "Blog.Federation", "postgres", "redis-server", "beam.smp");
        await File.WriteAllTextAsync(output, Report(results, commentsCaughtUp, freshness, eventPath, memory, (authors, posts, comments), seeding, quick));
        Console.WriteLine($"wrote {output}");
        File.Delete(articleFile);
        Console.WriteLine(TargetMet(results) ? "target met" : "target not met: see the report");
        return 0;
    }

    static bool TargetMet(List<LoadResult> results) =>
        results[GatewayReadRow].RequestsPerSecond >= 0.4 * results[BaselineRow].RequestsPerSecond && results[GatewayReadRow].P99Ms < 20;

    /// Where Posts listens, read from its process (the bench runs it on a port of its own).
    static string? PostsUrl() =>
        ProcessEnvironment.Of("Blog.Posts", "ASPNETCORE_URLS")?.Split(';')[0].Replace("localhost", "127.0.0.1", StringComparison.Ordinal);

    static (int Authors, int Posts, int Comments, int Events) DataSet(bool quick) => quick ? (20, 200, 1_000, 50) : (200, 5_000, 50_000, 200);

    /// Seeds the data set and waits until every event it raised has been handled.
    static async Task<(Seeder Seeder, TimeSpan Took)> SeedAsync(HttpClient gateway, Uri broker, bool quick)
    {
        var (authors, posts, comments, _) = DataSet(quick);
        var seeder = new Seeder(gateway, Guid.NewGuid().ToString("N")[..6]);
        var admin = await seeder.LoginAsync("admin@blog.local", Environment.GetEnvironmentVariable("BLOG_ADMIN_PASSWORD") ?? "");
        var seeding = Stopwatch.StartNew();
        await seeder.SeedAsync(admin, authors, posts, comments);
        seeding.Stop();
        Console.WriteLine($"seeded {authors} authors, {posts} posts, {comments} comments in {seeding.Elapsed.TotalSeconds:0} s");
        var settling = await SettleAsync(broker);
        Console.WriteLine($"every queue empty {settling.TotalSeconds:0} s after seeding");
        return (seeder, seeding.Elapsed);
    }

    /// Waits until the services have handled every event raised so far.
    static Task<TimeSpan> SettleAsync(Uri broker) =>
        Quiescence.WaitAsync(
            Environment.GetEnvironmentVariable("BENCH_RABBITMQ_DATA") ?? throw new InvalidOperationException("BENCH_RABBITMQ_DATA is not set: run ./blog bench"),
            broker.Port, TimeSpan.FromMinutes(15));

    /// Seeds, then names what to point a load generator or profiler at (`./blog bench serve`).
    public static async Task<int> SeedOnlyAsync(Uri gatewayUrl, Uri broker, bool quick)
    {
        using var gateway = new HttpClient { BaseAddress = gatewayUrl, Timeout = TimeSpan.FromSeconds(60) };
        var (seeder, _) = await SeedAsync(gateway, broker, quick);
        var postsUrl = PostsUrl();
        Console.WriteLine($"post:   {gatewayUrl}api/articles/{seeder.Slugs[0]}");
        Console.WriteLine($"page:   {gatewayUrl}articles/{seeder.Slugs[0]}");
        Console.WriteLine($"list:   {gatewayUrl}api/articles?limit=20");
        Console.WriteLine($"posts:  {postsUrl}");
        Console.WriteLine($"token:  {seeder.Authors[1].Token}");
        return 0;
    }

    /// A second gateway process, configured as the platform's but with every service at the baseline and
    /// the rate limit lifted: what the proxy hop alone allows on this machine.
    static Process StartGatewayBeforeBaseline()
    {
        var project = Path.Combine(Repository.Root, PlatformServices.Gateway.ProjectDirectory);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(project, "bin", "Release", "net10.0", "Blog.Gateway.dll")])
        {
            WorkingDirectory = project, // its content root: appsettings.json holds the routes
            Environment =
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{HopPort}",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__redis"] = ProcessEnvironment.Of("Blog.Gateway", "ConnectionStrings__redis") ?? $"127.0.0.1:{Ports.Bench.Redis}",
                ["RateLimits__PerClientPermits"] = "100000000",
                ["RateLimits__KeyPrefix"] = "bench-hop:",
                // The hop's ceiling is the proxying itself: nothing answered from memory.
                ["EdgeCache__Enabled"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var service in PlatformServices.Downstream.Select(service => service.Name))
        {
            start.Environment[$"services__{service}__http__0"] = $"http://127.0.0.1:{BaselinePort}";
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static Process StartBaseline(string file) =>
        Process.Start(new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Blog.Bench.dll"), "baseline", BaselinePort.ToString(CultureInfo.InvariantCulture), file]))!;

    static async Task WaitForAsync(string url)
    {
        using var client = new HttpClient();
        for (var i = 0; i < 300; i++)
        {
            try { if ((await client.GetAsync(url)).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"{url} did not answer");
    }

    static string Report(List<LoadResult> results, TimeSpan commentsCaughtUp, FreshnessResult freshness, EventPathResult[] events, IReadOnlyList<(string Name, int Processes, double RssMiB, double PssMiB)> memory,
        (int Authors, int Posts, int Comments) data, TimeSpan seeding, bool quick)
    {
        var baseline = results[BaselineRow].RequestsPerSecond;
        var hop = results[HopRow];
        var read = results[GatewayReadRow];
        var report = new StringBuilder();
        report.AppendLine("# Benchmarks");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Written by `./blog bench{(quick ? " quick" : "")}` on {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC. Machine: {Machine.Describe()}.");
        report.AppendLine("Everything ran on this one machine at once: PostgreSQL, Redis, RabbitMQ, every service (Release, one replica each), the gateway, the load generator (wrk, 2 threads) and the baseline. The machine is shared and noisy: read the ratios, not the absolute numbers.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Data set, seeded through the public API in {seeding.TotalMinutes:0.#} min: {data.Authors} authors, {data.Posts} posts (8 categories, 57 tags), {data.Comments} comments.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Requests ({Wrk.Connections} connections, {Duration.TotalSeconds:0} s each, comments {CommentDuration.TotalSeconds:0} s; each after its own load, unmeasured, in {Wrk.WarmUpSlice.TotalSeconds:0} s slices until steady (writes: one slice): their rates in the last column)");
        report.AppendLine();
        report.AppendLine("| scenario | requests/s | p50 ms | p99 ms | errors | of baseline | warming up, requests/s |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var result in results) report.AppendLine(result.Row(baseline));
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"Target: the article read through the gateway at no less than 40% of the baseline with p99 under 20 ms. **{(TargetMet(results) ? "Met" : "Not met")}**: {read.RequestsPerSecond / baseline:P0} of the baseline, p99 {read.P99Ms:0.0} ms.");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"The gateway alone in front of the baseline (no service, no Redis per request) answers {hop.RequestsPerSecond / baseline:P0} of the baseline, p99 {hop.P99Ms:0.0} ms: the ceiling of any read the gateway proxies on this machine (its edge cache is off there). The article read, answered by the edge cache, reaches {read.RequestsPerSecond / hop.RequestsPerSecond:P0} of it.");
        report.AppendLine();
        var comments = results[^1];
        var commentsHandled = CommentDuration + commentsCaughtUp;
        report.AppendLine(CultureInfo.InvariantCulture,
            $"The events the comment load raised (Moderation, Posts, Notifications and Webhooks each handle every comment) were all handled {commentsCaughtUp.TotalSeconds:0} s after the comment load ended: {comments.Requests} comments in {commentsHandled.TotalSeconds:0} s is {comments.Requests / commentsHandled.TotalSeconds:0} comments/s with everything they cause, the rate the platform keeps up with.");
        report.AppendLine();
        report.AppendLine("## Freshness: from a write's 2xx until the gateway shows it");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture,
            $"A comment posted through the gateway, then a visitor's thread (cached before the write) read every 5 ms until it shows the comment: {freshness.Samples} writes, p50 {freshness.P50Ms:0.0} ms, p99 {freshness.P99Ms:0.0} ms.");
        report.AppendLine();
        report.AppendLine("## Event path: PostPublished, from the API call to an integrator's queue");
        report.AppendLine();
        report.AppendLine("| clients | events | p50 ms | p99 ms | events/s | the API call p50 / p99 ms | from its answer to the event p50 / p99 ms |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var e in events)
        {
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {e.Clients} | {e.Events} | {e.P50Ms:0.0} | {e.P99Ms:0.0} | {e.EventsPerSecond:0} | {e.AnswerP50Ms:0.0} / {e.AnswerP99Ms:0.0} | {e.AfterAnswerP50Ms:0.0} / {e.AfterAnswerP99Ms:0.0} |");
        }
        report.AppendLine();
        report.AppendLine("Posts published through the gateway by one client, then by 8 concurrent clients; latency from sending the request to the event's arrival in a plain AMQP subscriber's queue (the API call, outbox commit, relay, broker), split at the API call's answer (the write with its outbox row committed; then the relay and the broker).");
        report.AppendLine();
        report.AppendLine("## Resident memory after the run");
        report.AppendLine();
        report.AppendLine("| process | count | RSS MiB | PSS MiB |");
        report.AppendLine("|---|---|---|---|");
        foreach (var (name, processes, rss, pss) in memory) report.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {processes} | {rss:0} | {pss:0} |");
        report.AppendLine();
        report.AppendLine("RSS counts every page a process maps, the .NET runtime and framework files each service shares with the others included; PSS charges each process its share of shared pages, so the PSS column adds up to what the machine spends.");
        return report.ToString();
    }
}
