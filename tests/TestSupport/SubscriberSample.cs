using System.Collections.Concurrent;
using System.Diagnostics;

namespace Blog.TestSupport;

/// samples/Subscriber run as its own process, as an integrator runs it; its output lines are kept.
public sealed class SubscriberSample : IAsyncDisposable
{
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();

    SubscriberSample(Process process) => this.process = process;

    public IReadOnlyList<string> Lines => lines.ToList();

    public static SubscriberSample Start(string broker, string queue)
    {
        var start = new ProcessStartInfo("dotnet", [AssemblyPath(), broker, queue])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var sample = new SubscriberSample(Process.Start(start)!);
        sample.process.OutputDataReceived += (_, e) => { if (e.Data is not null) sample.lines.Enqueue(e.Data); };
        sample.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) sample.lines.Enqueue("stderr: " + e.Data); };
        sample.process.BeginOutputReadLine();
        sample.process.BeginErrorReadLine();
        return sample;
    }

    /// The lines that say a post was published, containing `text`.
    public IReadOnlyList<string> PostsWith(string text) =>
        Lines.Where(l => l.StartsWith("post published:", StringComparison.Ordinal) && l.Contains(text, StringComparison.Ordinal)).ToList();

    public Task WaitForAsync(Func<IReadOnlyList<string>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ReturnsAsync(() => Task.FromResult(Lines), done, $"{what} (the sample printed: {string.Join(" | ", Lines.TakeLast(10))})", timeout);

    static string AssemblyPath()
    {
        var bin = Path.Combine(TestInfrastructure.RepositoryRoot, "samples", "Subscriber", "bin");
        return Directory.Exists(bin)
            ? Directory.GetFiles(bin, "Blog.Samples.Subscriber.dll", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                ?? throw new FileNotFoundException($"samples/Subscriber is not built under {bin}")
            : throw new DirectoryNotFoundException($"samples/Subscriber is not built: {bin} is missing (./blog test builds it)");
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
