using Blog.Topology;
using System.Diagnostics;
using System.Globalization;

namespace Blog.Bench;

/// Seeding leaves work behind (moderation verdicts, comment counts, webhooks): measuring while the
/// services still digest it would measure the backlog. Waits until every RabbitMQ queue is empty
/// for three checks in a row.
static class Quiescence
{
    public static async Task<TimeSpan> WaitAsync(string rabbitMqDataDirectory, int rabbitMqPort, TimeSpan patience)
    {
        var script = Path.Combine(Repository.Root, "infra", "rabbitmq.sh");
        var waited = Stopwatch.StartNew();
        var quietChecks = 0;
        while (quietChecks < 3)
        {
            if (waited.Elapsed > patience) throw new TimeoutException($"queues still busy after {patience.TotalMinutes:0} minutes");
            var pending = await PendingMessagesAsync(script, rabbitMqDataDirectory, rabbitMqPort);
            quietChecks = pending == 0 ? quietChecks + 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return waited.Elapsed;
    }

    static async Task<long> PendingMessagesAsync(string script, string dataDirectory, int port)
    {
        using var ctl = Process.Start(new ProcessStartInfo("bash",
            [script, "ctl", dataDirectory, port.ToString(CultureInfo.InvariantCulture), "list_queues", "messages", "--no-table-headers", "--quiet"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await ctl.StandardOutput.ReadToEndAsync();
        await ctl.WaitForExitAsync();
        if (ctl.ExitCode != 0) throw new InvalidOperationException($"rabbitmqctl list_queues failed: {await ctl.StandardError.ReadToEndAsync()}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Sum(line => long.Parse(line.Trim(), CultureInfo.InvariantCulture));
    }
}
