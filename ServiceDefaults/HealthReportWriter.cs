using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Who may see a health report's details; without one registered, every caller (the services are internal).</summary>
public sealed record HealthDetailsPolicy(Func<HttpContext, bool> MaySeeDetails);

/// <summary>
/// Writes a health report as JSON: the overall status and each check's, so an operator (or the
/// gateway's own /health) sees which dependency is down. A caller the `HealthDetailsPolicy` refuses
/// gets the overall status only.
/// </summary>
public static class HealthReportWriter
{
    static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        if (context.RequestServices.GetService(typeof(HealthDetailsPolicy)) is HealthDetailsPolicy policy && !policy.MaySeeDetails(context))
        {
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status = report.Status.ToString() }, Options, context.RequestAborted);
        }
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            entries = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new
                {
                    status = entry.Value.Status.ToString(),
                    description = entry.Value.Description ?? entry.Value.Exception?.Message,
                    data = entry.Value.Data.Count == 0 ? null : entry.Value.Data,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Options, context.RequestAborted);
    }
}
