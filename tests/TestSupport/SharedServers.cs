using System.Diagnostics;
using System.Globalization;
using Blog.Topology;
using Npgsql;

namespace Blog.TestSupport;

/// <summary>
/// Starts the tests' shared servers with the scripts in infra/ (the AppHost's way of running them), once for
/// every test process: test projects run in parallel, so they take turns (a machine-wide named mutex): the
/// first starts them and the others find them listening. The servers outlive the test run (a second `dotnet test` reuses them);
/// `./blog test` starts each run with fresh ones and stops them at its end (their pid files are in
/// `{state}/pids`).
/// </summary>
static class SharedServers
{
    static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Starts what is not yet listening and answers the tests' state folder.</summary>
    public static string EnsureStarted()
    {
        var state = Path.Combine(StateRoot(), "test");
        Directory.CreateDirectory(Path.Combine(state, "logs"));
        Directory.CreateDirectory(Path.Combine(state, "pids"));
        // One turn for the whole machine: the servers' ports are the machine's.
        using var turn = new Mutex(false, @"Global\blog-test-servers");
        Take(turn);
        try
        {
            var ports = Ports.Tests;
            Start(state, "postgres", ports.Postgres, "throwaway");
            Start(state, PlatformResources.Redis, ports.Redis, "throwaway");
            Start(state, PlatformResources.RabbitMq, ports.RabbitMq);
            WaitFor("PostgreSQL", () => PostgresAnswersAsync(ports.Postgres), state);
            WaitFor("Redis", () => InfraScript.AcceptsConnectionsAsync(ports.Redis), state);
            WaitFor("RabbitMQ", () => RabbitMqStartedAsync(state, ports.RabbitMq), state);
        }
        finally
        {
            turn.ReleaseMutex();
        }
        return state;
    }

    /// <summary>The state folder `./blog` uses (its rule for a checkout the postgres user cannot reach included).</summary>
    static string StateRoot()
    {
        if (Environment.GetEnvironmentVariable("BLOG_STATE_DIR") is { Length: > 0 } given) return given;
        using var blog = Process.Start(new ProcessStartInfo("bash", [Path.Combine(Repository.Root, "blog"), "state-dir"])
        {
            RedirectStandardOutput = true,
        })!;
        var answer = blog.StandardOutput.ReadToEnd().Trim();
        blog.WaitForExit();
        return blog.ExitCode == 0 && answer.Length > 0 ? answer : throw new InvalidOperationException("./blog state-dir failed");
    }

    /// <summary>Waits for the other test processes' turn to end (a process that died holding it gives it up).</summary>
    static void Take(Mutex turn)
    {
        try
        {
            if (!turn.WaitOne(Patience)) throw new TimeoutException($"another test process kept starting the shared servers for {Patience}");
        }
        catch (AbandonedMutexException)
        {
        }
    }

    /// <summary>A server detached from this process (its own session, output to its log), so it outlives the test run.</summary>
    static void Start(string state, string name, int port, params string[] extra)
    {
        if (InfraScript.AcceptsConnectionsAsync(port).GetAwaiter().GetResult()) return;
        string[] arguments = [Path.Combine(Repository.Root, "infra", $"{name}.sh"), Path.Combine(state, name), port.ToString(CultureInfo.InvariantCulture), .. extra];
        using var launcher = Process.Start(new ProcessStartInfo("setsid",
            ["bash", "-c", "echo $$ > \"$1\"; shift; exec bash \"$@\" </dev/null >>\"$LOG\" 2>&1", "server", Path.Combine(state, "pids", $"{name}.pid"), .. arguments])
        {
            Environment = { ["LOG"] = Path.Combine(state, "logs", $"{name}.log") },
        })!;
    }

    static void WaitFor(string what, Func<Task<bool>> ready, string state) =>
        Eventually.TrueAsync(ready, $"{what} to start (its log is in {Path.Combine(state, "logs")})", Patience).GetAwaiter().GetResult();

    static async Task<bool> PostgresAnswersAsync(int port)
    {
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=blog;Database=postgres;Pooling=false;Timeout=5");
            await connection.OpenAsync();
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    static async Task<bool> RabbitMqStartedAsync(string state, int port)
    {
        if (!await InfraScript.AcceptsConnectionsAsync(port)) return false;
        try
        {
            await RabbitMqNode.Attach(Path.Combine(state, PlatformResources.RabbitMq), port).CtlAsync("await_startup", "--timeout", "5");
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
