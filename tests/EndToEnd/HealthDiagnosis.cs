using System.Text.Json;

namespace Blog.EndToEnd;

/// What a failed start shows: the checks of the gateway's /health that are not healthy (a service's
/// own failing checks inside it), then the last lines of each such service's log.
static class HealthDiagnosis
{
    const int LogLines = 15;

    public static string Describe(string healthBody, ResourceLogs logs)
    {
        if (!healthBody.StartsWith('{')) return healthBody;
        var lines = new List<string>();
        var services = new List<string>();
        using var report = JsonDocument.Parse(healthBody);
        foreach (var (name, entry) in Unhealthy(report.RootElement))
        {
            lines.Add($"{name}: {entry.GetProperty("status")} ({Text(entry, "description")})");
            services.Add(name);
            if (entry.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("report", out var inner))
            {
                lines.AddRange(Unhealthy(inner).Select(check => $"  {check.Name}: {check.Entry.GetProperty("status")} ({Text(check.Entry, "description")})"));
            }
        }
        lines.AddRange(services.Select(service => logs.Tail(service + "-", LogLines)));
        return string.Join('\n', lines);
    }

    static IEnumerable<(string Name, JsonElement Entry)> Unhealthy(JsonElement report) =>
        report.TryGetProperty("entries", out var entries) && entries.ValueKind == JsonValueKind.Object
            ? entries.EnumerateObject().Where(entry => Text(entry.Value, "status") != "Healthy").Select(entry => (entry.Name, entry.Value))
            : [];

    static string Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
}
