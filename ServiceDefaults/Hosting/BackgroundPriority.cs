using System.Runtime.InteropServices;

namespace Blog.ServiceDefaults.Hosting;

/// <summary>
/// A program built as one that works in the background only (the runtime option `Blog.RunsInBackground`,
/// set in Directory.Build.props for the event consumers) lowers its CPU priority as it starts, on every
/// thread it has (Linux keeps a nice value per thread), so every thread made afterwards inherits it: on a
/// machine it shares with the programs readers and writers wait on, those get the cores first, and its
/// events wait in their queues meanwhile (a queue that keeps growing is what scales its replicas out).
/// </summary>
public static class BackgroundPriority
{
    public const string RuntimeOption = "Blog.RunsInBackground";

    /// <summary>The nice value a background program runs at: a CPU weight about a third of a default program's.</summary>
    public const int Niceness = 5;

    public static bool RunsInBackground => AppContext.TryGetSwitch(RuntimeOption, out var background) && background;

    /// <summary>Lowers the priority of the program's threads (and so of those they make) when it runs in the background.</summary>
    public static void Apply()
    {
        if (!RunsInBackground || !OperatingSystem.IsLinux()) return;
        // Lowering one's own priority needs no privilege; a thread that refuses (or is gone) stays as it was.
        // Twice: a thread started during the first pass by one not yet lowered is lowered by the second.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
            {
                if (int.TryParse(Path.GetFileName(task), out var threadId)) _ = SetPriority(ProcessPriorityWhich, threadId, Niceness);
            }
        }
    }

    const int ProcessPriorityWhich = 0; // PRIO_PROCESS

    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    static extern int SetPriority(int which, int who, int priority);
}
