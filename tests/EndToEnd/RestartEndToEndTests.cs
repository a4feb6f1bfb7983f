using Blog.Topology;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Blog.Contracts;
using Blog.Messaging;
using Blog.Messaging.Outbox;
using Blog.Posts.Infrastructure;
using Blog.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Blog.EndToEnd;

/// `./blog up` twice on one state folder: what the first run stored is there in the second, and
/// stopping leaves no server or service of ours running.
public sealed class RestartEndToEndTests
{
    readonly string stateDirectory = Path.Combine(TestInfrastructure.StateDirectory, "restart");

    async Task<DistributedApplication> StartPlatformAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [
            $"--Blog:StateDir={stateDirectory}",
            "--Blog:ResourceLogs=true",
            $"--Blog:Ports:Postgres={Ports.EndToEndRestart.Postgres}",
            $"--Blog:Ports:Redis={Ports.EndToEndRestart.Redis}",
            $"--Blog:Ports:RabbitMq={Ports.EndToEndRestart.RabbitMq}",
            $"--Blog:Ports:Smtp={Ports.EndToEndRestart.Smtp}",
            $"--Blog:Ports:MailInbox={Ports.EndToEndRestart.MailInbox}",
            "--Blog:Ports:Gateway=0",
        ], (options, _) => options.DisableDashboard = true);
        var app = await builder.BuildAsync();
        // A resource that never starts must fail the test, not hang the run.
        await app.StartAsync().WaitAsync(TimeSpan.FromMinutes(4));
        // The same patience as the shared platform: in CI this start runs beside other test projects on two cores
        // (more than four minutes was seen). A start that never gets healthy ends with what Posts logged.
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(PlatformServices.Posts.Name).WaitAsync(TimeSpan.FromMinutes(8));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Posts did not report healthy in 8 minutes\n{new ResourceLogs(Path.Combine(stateDirectory, "logs")).Tail(PlatformServices.Posts.Name + "-", 30)}", e);
        }
        return app;
    }

    static async Task<PostsDbContext> PostsDbAsync(DistributedApplication app) =>
        new(new DbContextOptionsBuilder<PostsDbContext>()
            .UseNpgsql(await app.GetConnectionStringAsync(PlatformServices.Posts.Database)).UseSnakeCaseNamingConvention().Options);

    async Task StopAndCheckNothingIsLeftAsync(DistributedApplication app)
    {
        await app.StopAsync().WaitAsync(TimeSpan.FromMinutes(2));
        await app.DisposeAsync();
        // The test's own pooled connections died with the server; the next run must open new ones.
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Eventually.TrueAsync(() => Task.FromResult(ProcessesUsing(stateDirectory).Count == 0),
            $"every process using {stateDirectory} to exit", TimeSpan.FromSeconds(60));
    }

    static List<string> ProcessesUsing(string path) =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => Path.Combine(dir, "cmdline"))
            .Select(file => { try { return File.ReadAllText(file).Replace('\0', ' '); } catch (IOException) { return ""; } catch (UnauthorizedAccessException) { return ""; } })
            .Where(cmdline => cmdline.Contains(path, StringComparison.Ordinal))
            .ToList();

    [Fact]
    public async Task Data_written_before_a_restart_is_there_after_it_and_nothing_is_left_running_between()
    {
        var published = new PostPublished(Guid.NewGuid(), "kept", "Kept across restarts", "alice", null, [], DateTimeOffset.UtcNow);
        var first = await StartPlatformAsync();
        Guid messageId;
        await using (var db = await PostsDbAsync(first))
        {
            messageId = db.AddIntegrationEvent(published.PostId.ToString(), published).MessageId;
            await db.SaveChangesAsync();
        }
        await StopAndCheckNothingIsLeftAsync(first);

        var second = await StartPlatformAsync();
        try
        {
            await using var db = await PostsDbAsync(second);
            Assert.True(await db.Set<OutboxMessage>().AnyAsync(m => m.MessageId == messageId));
        }
        finally
        {
            await StopAndCheckNothingIsLeftAsync(second);
        }
    }
}
