using Blog.Topology;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    /// <summary>
    /// Registers one shared Redis connection through Aspire's client integration (the multiplexer from
    /// the connection string, its tracing). It never fails start-up: with Redis down the service runs
    /// (health shows it) and the connection heals by itself when Redis returns.
    /// </summary>
    public static IHostApplicationBuilder AddRedis(this IHostApplicationBuilder builder, string connectionName = PlatformResources.Redis)
    {
        if (builder.Configuration.GetConnectionString(connectionName) is null)
        {
            throw new InvalidOperationException(
                $"Connection string '{connectionName}' is missing: set ConnectionStrings__{connectionName} (the AppHost does this).");
        }

        // The health check is ours: named after the resource, with the ping time in its description.
        builder.AddRedisClient(connectionName, settings =>
        {
            settings.DisableHealthChecks = true;
            settings.DisableTracing = !ServiceDefaultsExtensions.ExportsTelemetry(builder.Configuration);
        }, options =>
        {
            options.AbortOnConnectFail = false;
            options.ConnectTimeout = 2000;
            // While Redis is unreachable, commands fail at once instead of queueing for the 5 s timeout:
            // every caller has a fallback (persisted counts, fail-open limits), and requests stay fast.
            options.BacklogPolicy = BacklogPolicy.FailFast;
            options.AsyncTimeout = 1000;
            options.SyncTimeout = 1000;
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(connectionName, tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }
}

sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer", ex);
        }
    }
}
