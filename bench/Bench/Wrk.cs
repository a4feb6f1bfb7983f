using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Blog.Bench;

/// One wrk run's figures.
/// `Errors` counts non-2xx/3xx answers and socket errors; `Timeouts` (among them) are requests still
/// unanswered after wrk's 2 s, which its latency figures leave out.
public sealed record LoadResult(string Name, double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, long Errors, long Timeouts)
{
    public string Row(double baseline) =>
        $"| {Name} | {RequestsPerSecond:0} | {P50Ms:0.0} | {P99Ms:0.0} | {Errors} of {Requests}{(Timeouts > 0 ? $" ({Timeouts} timed out)" : "")} | {RequestsPerSecond / baseline:P0} |";
}

/// Drives wrk (Debian's package) from the same machine and reads its report.
static partial class Wrk
{
    public const int Connections = 64;

    /// Measures after a warm-up: the first burst on a route nobody has called since the start waits while
    /// the JIT and EF Core compile for every one of the 64 connections at once (wrk's 2 s timeout on each).
    public static Task<LoadResult> RunAsync(string name, string url, TimeSpan duration, string? script = null, params string[] scriptArguments) =>
        RunAsync(name, url, duration, [], script, scriptArguments);

    /// As a browser asks: accepting compressed answers (`Accept-Encoding: gzip, br`).
    public static Task<LoadResult> RunAsBrowserAsync(string name, string url, TimeSpan duration) =>
        RunAsync(name, url, duration, ["Accept-Encoding: gzip, br"], null, []);

    /// As a signed-in reader's browser asks: with its session cookie, accepting compressed answers.
    public static Task<LoadResult> RunAsSignedInBrowserAsync(string name, string url, TimeSpan duration, string cookie) =>
        RunAsync(name, url, duration, ["Accept-Encoding: gzip, br", $"Cookie: {cookie}"], null, []);

    static async Task<LoadResult> RunAsync(string name, string url, TimeSpan duration, string[] headers, string? script, string[] scriptArguments)
    {
        await RunWrkAsync(name, url, connections: 4, TimeSpan.FromSeconds(3), headers, script, scriptArguments);
        var output = await RunWrkAsync(name, url, Connections, duration, headers, script, scriptArguments);

        var requests = long.Parse(RequestsLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccessLine().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrorsLine().Match(output);
        var socketErrors = socket.Success ? socket.Groups.Cast<Group>().Skip(1).Sum(g => long.Parse(g.Value, CultureInfo.InvariantCulture)) : 0;
        var timeouts = socket.Success ? long.Parse(socket.Groups[4].Value, CultureInfo.InvariantCulture) : 0;
        var result = new LoadResult(name, double.Parse(RateLine().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(output, "50"), Percentile(output, "99"), requests, non2xx + socketErrors, timeouts);
        Console.WriteLine($"{name}: {result.RequestsPerSecond:0} req/s, p50 {result.P50Ms:0.0} ms, p99 {result.P99Ms:0.0} ms, {result.Errors} errors of {requests} ({timeouts} timed out)");
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
