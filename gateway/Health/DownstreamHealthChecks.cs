using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Blog.Gateway.Health;

/// <summary>
/// The gateway's /health includes each downstream service's own /health, asked through service
/// discovery, so one call tells an operator which service (and which of its dependencies) is down.
/// </summary>
public static class DownstreamHealthChecks
{
    public static void AddDownstreamHealthChecks(this WebApplicationBuilder builder)
    {
        // A health probe must report what it sees now, not after the standard handler's retries.
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(nameof(DownstreamHealthCheck), client => client.Timeout = TimeSpan.FromSeconds(5))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        var checks = builder.Services.AddHealthChecks();
        foreach (var service in Downstreams.Names)
        {
            checks.AddTypeActivatedCheck<DownstreamHealthCheck>(service, failureStatus: null, tags: [ServiceDefaultsExtensions.ReadyTag], service);
        }
    }
}

sealed class DownstreamHealthCheck(string service, IHttpClientFactory clients) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await clients.CreateClient(nameof(DownstreamHealthCheck)).GetAsync($"http://{service}/health", cancellationToken);
            var report = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var data = new Dictionary<string, object> { ["report"] = report };
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} is healthy", data)
                : new HealthCheckResult(context.Registration.FailureStatus, $"{service} answered {(int)response.StatusCode}", data: data);
        }
        catch (Exception ex)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{service} does not answer", ex);
        }
    }
}
