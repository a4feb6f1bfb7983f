using Blog.Topology;
using System.Diagnostics;
using System.Globalization;

namespace Blog.Bench;

/// Seeding leaves work behind (moderation verdicts, comment counts, webhooks): measuring while the
/// services still digest it would measure the backlog. Waits until every RabbitMQ queue is empty
/// for three checks in a row, and answers when the first of them was made: how long the services took
/// to catch up (to within a check's second).
static class Quiescence
{
    public static async Task<TimeSpan> WaitAsync(string rabbitMqDataDirectory, int rabbitMqPort, TimeSpan patience)
    {
        var script = Path.Combine(Repository.Root, "infra", "rabbitmq.sh");
        var waited = Stopwatch.StartNew();
        var quietChecks = 0;
        var quietSince = TimeSpan.Zero;
        while (quietChecks < 3)
        {
            if (waited.Elapsed > patience) throw new TimeoutException($"queues still busy after {patience.TotalMinutes:0} minutes");
            var checkedAt = waited.Elapsed;
            var pending = await PendingMessagesAsync(script, rabbitMqDataDirectory, rabbitMqPort);
            if (pending != 0) quietChecks = 0;
            else if (quietChecks++ == 0) quietSince = checkedAt;
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return quietSince;
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
