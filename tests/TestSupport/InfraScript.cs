using System.Diagnostics;
using System.Net.Sockets;

namespace Blog.TestSupport;

/// Runs the servers' scripts in infra/ for tests that need a server of their own.
public static class InfraScript
{
    public static Process Start(string script, params string[] arguments)
    {
        var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(TestInfrastructure.RepositoryRoot, "infra", script), .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// SIGTERM, so the script stops its server cleanly (a SIGKILL would orphan it).
    public static async Task StopAsync(Process process)
    {
        using (var terminate = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await terminate.WaitForExitAsync();
        }
        await process.WaitForExitAsync();
        process.Dispose();
    }

    public static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
