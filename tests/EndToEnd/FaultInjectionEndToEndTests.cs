using Blog.Topology;
using System.Collections.Concurrent;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Blog.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Blog.EndToEnd;

/// Infrastructure failing under the running platform: stopped and started through the AppHost as an
/// operator would, while the platform is in use.
[Collection(FaultPlatformCollection.Name)]
public sealed class FaultInjectionEndToEndTests(FaultPlatformFixture platform, ITestOutputHelper output)
{
    async Task RunCommandAsync(string resource, string command)
    {
        var result = await platform.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command);
        Assert.True(result.Success, $"{command} on {resource}: {result.Message}");
    }

    async Task StopAsync(string resource, int port)
    {
        await RunCommandAsync(resource, "resource-stop");
        await Eventually.TrueAsync(async () => !await InfraScript.AcceptsConnectionsAsync(port), $"{resource} to stop", TimeSpan.FromSeconds(90));
    }

    /// Patient: beside the other test projects CI runs at once, RabbitMQ's VM took 100 s just to boot (seen in CI).
    async Task StartAsync(string resource, int port)
    {
        await RunCommandAsync(resource, "resource-start");
        await Eventually.TrueAsync(() => InfraScript.AcceptsConnectionsAsync(port), $"{resource} to start", TimeSpan.FromMinutes(5));
    }

    /// Every service reports healthy again: the other tests of the collection run after this one.
    Task<(HttpStatusCode StatusCode, string Report)> PlatformHealthyAsync() =>
        Eventually.ReturnsAsync(async () =>
        {
            using var response = await platform.Gateway.GetAsync("/health");
            return (response.StatusCode, Report: await response.Content.ReadAsStringAsync());
        }, health => health.StatusCode == HttpStatusCode.OK, "every service to report healthy again", TimeSpan.FromMinutes(5));

    /// How long a request is waited for before it counts as unanswered (a minute: CI runs other test projects beside these).
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// What the gateway and Posts logged as failing, for a request that was not answered.
    string FailuresLogged() =>
        $"{platform.Logs.Grep(PlatformServices.Gateway.Name, 20, "fail:", "crit:")}\n{platform.Logs.Grep(PlatformServices.Posts.Name, 20, "fail:", "crit:")}";

    [Fact]
    public async Task Posts_published_while_RabbitMQ_is_down_each_reach_a_subscriber_once_after_it_returns()
    {
        const int posts = 200;
        await using var subscriber = SubscriberSample.Start(platform.BrokerUri, $"fault-sample-{Guid.NewGuid():N}");
        await subscriber.WaitForAsync(lines => lines.Any(l => l.StartsWith("subscribed:", StringComparison.Ordinal)), "the subscriber", TimeSpan.FromSeconds(60));
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var run = Guid.NewGuid().ToString("N")[..8];

        await StopAsync("rabbitmq-server", platform.RabbitMqPort);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        var slugs = new ConcurrentBag<string>();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, posts), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
            {
                var sent = platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
                    new { article = new { title = $"Outage {run} {i}", description = "written while RabbitMQ was down", body = "Still here.", tagList = new[] { "outage" } } });
                (HttpStatusCode Status, System.Text.Json.JsonElement Body) answer;
                try
                {
                    answer = await sent.WaitAsync(Patience, cancellationToken);
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"post {i} not answered in {Patience.TotalSeconds} s; failures logged:\n{FailuresLogged()}");
                }
                statuses.Add(answer.Status);
                if (answer.Status == HttpStatusCode.Created) slugs.Add(answer.Body.GetProperty("article").GetProperty("slug").GetString()!);
            });
        }
        finally
        {
            await StartAsync("rabbitmq-server", platform.RabbitMqPort);
        }

        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Created, status));
        Assert.Equal(posts, slugs.Count);
        await subscriber.WaitForAsync(_ => slugs.All(slug => subscriber.PostsWith(slug).Count > 0),
            $"all {posts} posts to reach the subscriber", TimeSpan.FromMinutes(3));
        Assert.All(slugs, slug => Assert.Single(subscriber.PostsWith(slug)));
        await PlatformHealthyAsync();
    }

    [Fact]
    public async Task Reads_go_on_without_Redis_and_views_counted_before_survive_and_counting_resumes()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (_, created) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Read through an outage", description = "views", body = "Count me.", tagList = new[] { "outage" } } });
        var slug = created.GetProperty("article").GetProperty("slug").GetString()!;
        const int viewersBefore = 12;
        for (var i = 0; i < viewersBefore; i++) await ReadAsViewerAsync(slug, $"before-{i}");
        // The flusher moves counts from Redis to PostgreSQL every few seconds; wait until these are there.
        await Eventually.TrueAsync(async () => await PersistedViewsAsync(slug) == viewersBefore, "the views to be flushed to PostgreSQL", TimeSpan.FromSeconds(60));

        var answers = new ConcurrentBag<(string Path, int Status)>();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(reader => Task.Run(async () =>
        {
            string[] paths = [$"/api/articles/{slug}", "/api/articles?limit=5", $"/api/articles/{slug}/comments", $"/articles/{slug}", "/"];
            for (var n = 0; !stopLoad.IsCancellationRequested; n++)
            {
                var path = paths[(n + reader) % paths.Length];
                try
                {
                    using var response = await platform.Gateway.GetAsync(path);
                    answers.Add((path, (int)response.StatusCode));
                }
                catch (HttpRequestException ex)
                {
                    answers.Add((path + " " + ex.Message, 599));
                }
            }
        })));

        (HttpStatusCode Status, System.Text.Json.JsonElement Body) readWhileDown;
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(answers.Count > 20), "some reads before the outage");
            await StopAsync("redis-server", platform.RedisPort);
            try
            {
                var duringOutage = answers.Count;
                await Eventually.TrueAsync(() => Task.FromResult(answers.Count > duringOutage + 40), "reads while Redis is down", TimeSpan.FromSeconds(60));
                readWhileDown = await platform.SendAsync(HttpMethod.Get, $"/api/articles/{slug}", null);
            }
            finally
            {
                await StartAsync("redis-server", platform.RedisPort);
            }
            var afterOutage = answers.Count;
            await Eventually.TrueAsync(() => Task.FromResult(answers.Count > afterOutage + 20), "reads after Redis is back", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await stopLoad.CancelAsync();
            await load;
        }

        Assert.Empty(answers.Where(a => a.Status >= 500).Select(a => $"{a.Path}: {a.Status}").Distinct());
        Assert.Equal(HttpStatusCode.OK, readWhileDown.Status);
        Assert.True(readWhileDown.Body.GetProperty("article").GetProperty("viewsCount").GetInt32() >= viewersBefore);
        // Counting resumes: a new viewer is counted once Redis is back (the client reconnects by itself).
        await Eventually.TrueAsync(async () =>
        {
            await ReadAsViewerAsync(slug, $"after-{Guid.NewGuid():N}");
            return await PersistedViewsAsync(slug) > viewersBefore;
        }, "views to be counted again", TimeSpan.FromSeconds(90));
        await PlatformHealthyAsync();
    }

    [Fact]
    public async Task A_Posts_replica_killed_under_read_load_costs_under_one_percent_of_reads_and_none_once_it_is_seen_gone()
    {
        var blogger = await Accounts.RegisterAsync(platform.Gateway);
        var (_, created) = await platform.SendAsync(HttpMethod.Post, "/api/articles", blogger.Token,
            new { article = new { title = "Read while a replica dies", description = "replicas", body = "Still served.", tagList = new[] { "replicas" } } });
        var slug = created.GetProperty("article").GetProperty("slug").GetString()!;
        var (replicaId, pid) = await PostsReplicaAsync();

        var answers = new ConcurrentBag<(DateTimeOffset Started, string Outcome, bool Failed)>();
        using var stopLoad = new CancellationTokenSource();
        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stopLoad.IsCancellationRequested)
            {
                var started = DateTimeOffset.UtcNow;
                using var attempt = new CancellationTokenSource(Patience);
                try
                {
                    using var response = await platform.Gateway.GetAsync($"/api/articles/{slug}", attempt.Token);
                    answers.Add((started, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), !response.IsSuccessStatusCode));
                }
                catch (HttpRequestException ex)
                {
                    answers.Add((started, ex.Message, true));
                }
                catch (OperationCanceledException) when (attempt.IsCancellationRequested)
                {
                    answers.Add((started, $"no answer in {Patience.TotalSeconds} s", true));
                }
            }
        })));

        DateTimeOffset seenGone;
        try
        {
            await Eventually.TrueAsync(() => Task.FromResult(answers.Count > 200), "reads before the kill", TimeSpan.FromSeconds(60));
            var exitSeen = ReplicaExitedAsync(replicaId);
            // The service process itself, as a crash or an OOM kill would take it (its launcher then exits too).
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            await exitSeen;
            seenGone = DateTimeOffset.UtcNow;
            var afterwards = answers.Count;
            await Eventually.TrueAsync(() => Task.FromResult(answers.Count > afterwards + 400), "reads after the replica is gone", TimeSpan.FromSeconds(120));
        }
        finally
        {
            await stopLoad.CancelAsync();
            try
            {
                await load;
            }
            finally
            {
                // The next tests of the collection expect both replicas.
                await RunCommandAsync(replicaId, "resource-start");
            }
        }

        var failed = answers.Where(a => a.Failed).ToList();
        output.WriteLine($"{failed.Count} of {answers.Count} reads failed, {failed.Count(f => f.Started > seenGone)} of them after the replica was seen gone");
        Assert.True(failed.Count * 100 < answers.Count, $"{failed.Count} of {answers.Count} reads failed: {string.Join("; ", failed.Select(f => f.Outcome).Distinct())}\n{FailuresLogged()}");
        Assert.Empty(failed.Where(f => f.Started > seenGone).Select(f => $"{f.Started:HH:mm:ss.fff} (gone at {seenGone:HH:mm:ss.fff}): {f.Outcome}\n{FailuresLogged()}"));
        await PlatformHealthyAsync();
    }

    /// Completes when the orchestrator reports the replica's process gone (it then stops routing to it).
    async Task ReplicaExitedAsync(string replicaId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var states = new List<string>();
        try
        {
            await foreach (var update in platform.App.Services.GetRequiredService<ResourceNotificationService>().WatchAsync(timeout.Token))
            {
                if (update.ResourceId != replicaId) continue;
                states.Add(update.Snapshot.State?.Text ?? "(none)");
                if (update.Snapshot.State?.Text is "Exited" or "Finished" or "FailedToStart" || update.Snapshot.ExitCode is not null) return;
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"replica {replicaId} not seen gone in 90 s; states seen: {string.Join(", ", states)}");
        }
    }

    /// One running Posts replica of this platform: its resource id (for the orchestrator) and the id of
    /// its service process (found by the instance id the orchestrator gives it in its environment; the
    /// process the orchestrator started is a launcher, `dotnet run`).
    async Task<(string ResourceId, int Pid)> PostsReplicaAsync()
    {
        var notifications = platform.App.Services.GetRequiredService<ResourceNotificationService>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var update in notifications.WatchAsync(timeout.Token))
        {
            if (update.Resource.Name != PlatformServices.Posts.Name || update.ResourceId == PlatformServices.Posts.Name || update.Snapshot.State?.Text != "Running") continue;
            var instance = $"service.instance.id={update.ResourceId[(update.ResourceId.LastIndexOf('-') + 1)..]}";
            foreach (var process in System.Diagnostics.Process.GetProcessesByName("Blog.Posts"))
            {
                try
                {
                    var environment = await File.ReadAllTextAsync($"/proc/{process.Id}/environ");
                    if (environment.Split('\0').Any(variable => variable.StartsWith("OTEL_RESOURCE_ATTRIBUTES=", StringComparison.Ordinal) && variable.Contains(instance, StringComparison.Ordinal)))
                    {
                        return (update.ResourceId, process.Id);
                    }
                }
                catch (IOException)
                {
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
        throw new InvalidOperationException("no running Posts replica whose process could be found");
    }

    /// A read by an anonymous reader with a browser of its own (the gateway drops a client's `X-Viewer-Id`:
    /// an API reader is told apart by address and browser).
    async Task ReadAsViewerAsync(string slug, string viewer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/articles/{slug}");
        request.Headers.TryAddWithoutValidation("User-Agent", $"Mozilla/5.0 (X11; Linux x86_64) Reader/{viewer}");
        using var response = await platform.Gateway.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    async Task<long> PersistedViewsAsync(string slug)
    {
        await using var connection = new Npgsql.NpgsqlConnection(await platform.App.GetConnectionStringAsync(PlatformServices.Posts.Database));
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT views_count FROM articles WHERE slug = $1", connection);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = slug });
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
