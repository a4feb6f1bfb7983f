using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Blog.ServiceDefaults;

/// <summary>
/// A replica is ready (`/health`) only after it answered its hot paths once: the JIT, EF Core's model
/// and query compilation and the first connections are paid by these requests, not by the first
/// burst of readers after a deploy (which otherwise timed out on cold pages). A path that fails is
/// logged and passed over: warming never keeps a replica out for good.
/// </summary>
public sealed partial class WarmUp(IServer server, IHostApplicationLifetime lifetime, WarmUp.Paths paths, ILogger<WarmUp> logger)
    : BackgroundService, IHealthCheck
{
    public sealed record Paths(IReadOnlyList<string> Values);

    volatile bool warm;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var started = new TaskCompletionSource();
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            {
                await started.Task.WaitAsync(stoppingToken);
            }
            // An in-process test host has no address: nothing to warm.
            if (OwnAddress() is { } address)
            {
                using var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
                foreach (var path in paths.Values) await TryAsync(client, path, stoppingToken);
            }
        }
        finally
        {
            warm = true;
        }
    }

    async Task TryAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(path, cancellationToken);
            LogWarmed(path, (int)response.StatusCode);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogFailed(path, ex.Message);
        }
    }

    Uri? OwnAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal));
        if (address is null) return null;
        // Listening on every interface (`+`, `*`, `[::]`, `0.0.0.0`): ask the loopback.
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "[::]" or "0.0.0.0" or "localhost") uri.Host = "127.0.0.1";
        return uri.Uri;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warm ? HealthCheckResult.Healthy("warmed up") : HealthCheckResult.Unhealthy("warming up"));

    [LoggerMessage(Level = LogLevel.Debug, Message = "Warmed up {Path}: {Status}")]
    partial void LogWarmed(string path, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Warming up {Path} failed: {Reason}")]
    partial void LogFailed(string path, string reason);
}

public static class WarmUpExtensions
{
    /// <summary>Asks the replica's own hot `paths` once after it started; `/health` says ready only afterwards.</summary>
    public static IHostApplicationBuilder AddWarmUp(this IHostApplicationBuilder builder, params string[] paths)
    {
        builder.Services.AddSingleton(new WarmUp.Paths(paths));
        builder.Services.AddSingleton<WarmUp>();
        builder.Services.AddHostedService(services => services.GetRequiredService<WarmUp>());
        builder.Services.AddHealthChecks().AddCheck<WarmUp>("warm-up", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}
