using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Blog.Bench;

/// One wrk run's figures.
/// `Errors` counts non-2xx/3xx answers and socket errors; `Timeouts` (among them) are requests still
/// unanswered after wrk's 2 s, which its latency figures leave out. `WarmingUp` holds the rates of the
/// unmeasured warm-up's slices at full load, shown beside the measurement.
public sealed record LoadResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, long Timeouts, IReadOnlyList<double> WarmingUp)
{
    public string Row(double baseline) =>
        $"| {Name} | {RequestsPerSecond:0} | {P50Ms:0.0} | {P99Ms:0.0} | {Errors} of {Requests}{(Timeouts > 0 ? $" ({Timeouts} timed out)" : "")} | {RequestsPerSecond / baseline:P0} | {WarmingUpRates} |";

    public string WarmingUpRates => string.Join(", ", WarmingUp.Select(r => r.ToString("0", CultureInfo.InvariantCulture)));
}

/// Drives wrk (Debian's package) from the same machine and reads its report.
static partial class Wrk
{
    public const int Connections = 64;

    /// Each scenario's own load runs unmeasured in slices of this length until its rate is steady (a slice
    /// within `SteadyWithin` of the one before, at most `WarmUpSlices`): the code a load runs reaches the
    /// JIT's optimised tier (tiered PGO) only after tens of seconds of it here, and a running site serves with that code.
    public static readonly TimeSpan WarmUpSlice = TimeSpan.FromSeconds(10);
    public const int WarmUpSlices = 6;
    const double SteadyWithin = 0.05;

    /// Measures after a warm-up: first at 4 connections (the first burst on a route nobody has called since
    /// the start waits while the JIT and EF Core compile for every one of the 64 connections at once, past
    /// wrk's 2 s timeout), then at 64 until steady.
    public static Task<LoadResult> RunAsync(string name, string url, TimeSpan duration, string? script = null, string[]? scriptArguments = null) =>
        RunAsync(name, url, duration, [], script, scriptArguments ?? [], null, WarmUpSlices);

    /// A load that writes: one slice of warm-up, then `settle`, so the measurement starts with empty queues
    /// and the data set grows by one slice's writes, not six.
    public static Task<LoadResult> RunWritesAsync(string name, string url, TimeSpan duration, string script, string[] scriptArguments, Func<Task> settle) =>
        RunAsync(name, url, duration, [], script, scriptArguments, settle, 1);

    /// As a browser asks: accepting compressed answers (`Accept-Encoding: gzip, br`).
    public static Task<LoadResult> RunAsBrowserAsync(string name, string url, TimeSpan duration) =>
        RunAsync(name, url, duration, ["Accept-Encoding: gzip, br"], null, [], null, WarmUpSlices);

    /// As a signed-in reader's browser asks: with its session cookie, accepting compressed answers.
    public static Task<LoadResult> RunAsSignedInBrowserAsync(string name, string url, TimeSpan duration, string cookie) =>
        RunAsync(name, url, duration, ["Accept-Encoding: gzip, br", $"Cookie: {cookie}"], null, [], null, WarmUpSlices);

    static async Task<LoadResult> RunAsync(string name, string url, TimeSpan duration, string[] headers, string? script, string[] scriptArguments, Func<Task>? settle, int warmUpSlices)
    {
        await RunWrkAsync(name, url, connections: 4, TimeSpan.FromSeconds(3), headers, script, scriptArguments);
        var warmingUp = new List<double>();
        do
        {
            warmingUp.Add(Rate(await RunWrkAsync(name, url, Connections, WarmUpSlice, headers, script, scriptArguments)));
            if (settle is not null) await settle();
        }
        while (warmingUp.Count < warmUpSlices && (warmingUp.Count < 2 || Math.Abs(warmingUp[^1] / warmingUp[^2] - 1) > SteadyWithin));
        var output = await RunWrkAsync(name, url, Connections, duration, headers, script, scriptArguments);

        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(output);
        var socketErrors = socket.Success ? socket.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        var timeouts = socket.Success ? long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        var result = new LoadResult(name, Rate(output), Percentile(output, "50"), Percentile(output, "99"), requests, non2xx + socketErrors, timeouts, warmingUp);
        Console.WriteLine($"{name}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, {result.Errors} errors of {requests} ({timeouts} timed out); warming up {result.WarmingUpRates} req/s");
        return result;
    }

    static async Task<string> RunWrkAsync(string name, string url, int connections, TimeSpan duration, string[] headers, string? script, string[] scriptArguments)
    {
        string[] arguments = ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", .. headers.SelectMany(h => new[] { "-H", h }), .. script is null ? Array.Empty<string>() : ["-s", script], url,
            .. scriptArguments.Length > 0 ? ["--", .. scriptArguments] : Array.Empty<string>()];
        using var wrk = Process.Start(new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0) throw new InvalidOperationException($"wrk failed for {name}: {output}{await wrk.StandardError.ReadToEndAsync()}");
        return output;
    }

    static double Rate(string output) => double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);

    static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, $@"^\s+{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")] private static partial Regex RateLine();
    [GeneratedRegex(@"(\d+) requests in")] private static partial Regex RequestsLine();
    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")] private static partial Regex NonSuccessLine();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")] private static partial Regex SocketErrorsLine();
}
